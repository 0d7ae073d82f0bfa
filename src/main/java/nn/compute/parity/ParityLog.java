package nn.compute.parity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tally of a parity run: per op, the worst error and the first failure. A check never throws,
 * so one run visits every case and a report can name every op that failed; the contract test turns
 * the first failure into an assertion error.
 */
public final class ParityLog {
    private final Map<String, Tally> ops = new LinkedHashMap<>();

    /** The running worst of one op. */
    private static final class Tally {
        int checks;
        double worstRatio = -1;
        double worstError;
        double tolerance;
        String failure;
    }

    private Tally tally(String op) {
        return ops.computeIfAbsent(op, k -> new Tally());
    }

    /**
     * Records |actual − expected| ≤ ABS + rel·scale ({@link ParityTolerance#ABS}); NaN on both
     * sides agrees.
     */
    void close(String op, double expected, double actual, double scale, double rel, String where) {
        Tally t = tally(op);
        t.checks++;
        double allowed = ParityTolerance.ABS + rel * scale;
        double diff = Math.abs(expected - actual);
        if (Double.isNaN(expected) && Double.isNaN(actual)) {
            diff = 0;
        }
        double ratio = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / allowed;
        if (ratio > t.worstRatio) {
            t.worstRatio = ratio;
            t.worstError = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / (scale + ParityTolerance.ABS / rel);
            t.tolerance = rel;
        }
        if (!(ratio <= 1) && t.failure == null) {
            t.failure = where + ": reference " + expected + ", backend " + actual + " (allowed ±" + allowed + ")";
        }
    }

    /** Records a value that must match bit for bit (gathers, copies, counts, known answers). */
    void exact(String op, float expected, float actual, String where) {
        Tally t = tally(op);
        t.checks++;
        boolean same = Float.floatToIntBits(expected) == Float.floatToIntBits(actual);
        double ratio = same ? 0 : Double.POSITIVE_INFINITY;
        if (ratio > t.worstRatio) {
            t.worstRatio = ratio;
            t.worstError = same ? 0 : Math.max(Math.abs((double) expected - actual), Float.MIN_VALUE);
            t.tolerance = 0;
        }
        if (!same && t.failure == null) {
            t.failure = where + ": expected exactly " + expected + ", backend " + actual;
        }
    }

    /** One result per op, in the order the ops were first checked. */
    public List<OpResult> results() {
        List<OpResult> list = new ArrayList<>();
        ops.forEach((op, t) -> list.add(new OpResult(op, t.checks, t.worstError, t.tolerance, t.failure == null,
                t.failure)));
        return list;
    }

    /** The first failure of any op, or null when every check passed. */
    public String firstFailure() {
        for (Tally t : ops.values()) {
            if (t.failure != null) {
                return t.failure;
            }
        }
        return null;
    }
}
