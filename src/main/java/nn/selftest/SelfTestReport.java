package nn.selftest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nn.compute.parity.OpResult;

/**
 * What {@code nn selftest} found: the device, one row per op of the parity suite plus the
 * training parity rows, and the timings.
 *
 * @param device the backend's name and the device's identity
 * @param checks one result per op, then per training run
 * @param checkSeconds how long the checks took
 * @param timings the short W1/W2/W3 timings (empty when skipped)
 */
public record SelfTestReport(String device, List<OpResult> checks, double checkSeconds, List<StepTiming> timings) {
    public SelfTestReport {
        checks = List.copyOf(checks);
        timings = List.copyOf(timings);
    }

    /** The checks that failed, in order. */
    public List<OpResult> failed() {
        return checks.stream().filter(r -> !r.passed()).toList();
    }

    /** The report as aligned text lines: the device, the check table, the timings. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("identity: " + device);
        int width = Math.max(24, checks.stream().mapToInt(r -> r.op().length()).max().orElse(0));
        lines.add(String.format(Locale.ROOT, "%-" + width + "s %8s %12s %10s  %s", "op", "checks", "worst error",
                "tolerance", "pass"));
        for (OpResult r : checks) {
            lines.add(String.format(Locale.ROOT, "%-" + width + "s %8d %12.3e %10.1e  %s", r.op(), r.checks(),
                    r.worstError(), r.tolerance(), r.passed() ? "ok" : "FAIL"));
        }
        lines.add("worst error: |device - reference| / (magnitude + 1e-6/tolerance), so within tolerance means at most "
                + "the tolerance; training: largest parameter difference / largest parameter.");
        lines.add(String.format(Locale.ROOT, "checks took %.1f s", checkSeconds));
        if (!timings.isEmpty()) {
            lines.add(String.format(Locale.ROOT, "%-8s %6s %12s %14s", "workload", "steps", "ms/step", "samples/s"));
            for (StepTiming t : timings) {
                lines.add(String.format(Locale.ROOT, "%-8s %6d %12.3f %14.0f", t.workload(), t.steps(),
                        t.millisPerStep(), t.samplesPerSecond()));
            }
        }
        for (OpResult r : failed()) {
            lines.add("FAILED " + r.op() + ": " + r.firstFailure());
        }
        return lines;
    }
}
