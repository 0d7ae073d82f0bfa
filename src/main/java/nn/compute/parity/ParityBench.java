package nn.compute.parity;

import java.util.SplittableRandom;
import nn.compute.Backend;
import nn.compute.Loss;
import nn.compute.Tensor;

/**
 * What a parity case works with: the backend under test, the {@link ReferenceBackend}, seeded
 * random values, and the {@link ParityLog} its checks go to. Tensors are made in pairs
 * ({@link Twin}) holding the same values on both backends.
 */
public final class ParityBench {
    private final Backend backend;
    private final Backend reference = new ReferenceBackend();
    private final SplittableRandom random;
    private final ParityLog log;
    private final String caseName;

    /**
     * A bench for one case.
     *
     * @param backend the backend under test (left open)
     * @param seed the seed of this case's values
     * @param log where the checks go
     * @param caseName prefixed to every failure message
     */
    public ParityBench(Backend backend, long seed, ParityLog log, String caseName) {
        this.backend = backend;
        this.random = new SplittableRandom(seed);
        this.log = log;
        this.caseName = caseName;
    }

    Backend backend() {
        return backend;
    }

    Backend reference() {
        return reference;
    }

    /** The same values on the backend under test and on the reference. */
    record Twin(Tensor actual, Tensor expected, float[] values) {
        Twin withRows(int rows) {
            return new Twin(actual.withRows(rows), expected.withRows(rows), values);
        }
    }

    float[] values(int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return v;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    Tensor upload(int rows, int cols, float[] v) {
        Tensor t = backend.allocate(rows, cols);
        backend.write(t, v);
        return t;
    }

    /** {@code v} on backend {@code b} (the backend under test or the reference). */
    Tensor upload(Backend b, int rows, int cols, float[] v) {
        Tensor t = b.allocate(rows, cols);
        b.write(t, v);
        return t;
    }

    float[] read(Tensor t) {
        return read(backend, t);
    }

    static float[] read(Backend b, Tensor t) {
        float[] v = new float[t.size()];
        b.read(t, v);
        return v;
    }

    Twin twin(int rows, int cols, float lo, float hi) {
        return twin(rows, cols, values(rows * cols, lo, hi));
    }

    Twin twin(int rows, int cols, float[] v) {
        Tensor a = backend.allocate(rows, cols);
        Tensor e = reference.allocate(rows, cols);
        backend.write(a, v);
        reference.write(e, v);
        return new Twin(a, e, v);
    }

    Twin oneHot(int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            v[r * cols + random.nextInt(cols)] = 1f;
        }
        return twin(rows, cols, v);
    }

    Twin binary(int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextBoolean() ? 1f : 0f;
        }
        return twin(rows, cols, v);
    }

    Twin targets(Loss loss, int rows, int cols) {
        return loss == Loss.CATEGORICAL_CROSSENTROPY ? oneHot(rows, cols)
                : loss == Loss.BINARY_CROSSENTROPY ? binary(rows, cols) : twin(rows, cols, -1, 1);
    }

    private String where(String what, int i, int n) {
        return caseName + ": " + what + ": element " + i + " of " + n;
    }

    /** The twin's two sides element by element; {@code scale} (or |reference| when null) sets the relative part. */
    void close(String op, Twin t, float[] scale, String what) {
        close(op, t, scale, ParityTolerance.REL, what);
    }

    void close(String op, Twin t, float[] scale, double rel, String what) {
        float[] expected = read(reference, t.expected());
        float[] actual = read(backend, t.actual());
        for (int i = 0; i < expected.length; i++) {
            double s = scale == null ? Math.abs(expected[i]) : scale[i];
            log.close(op, expected[i], actual[i], s, rel, where(what, i, expected.length));
        }
    }

    /** actual against expected within ABS + REL·scale[i], the first {@code n} elements only. */
    void close(String op, double[] expected, double[] scale, float[] actual, int n, String what) {
        for (int i = 0; i < n; i++) {
            log.close(op, expected[i], actual[i], scale[i], ParityTolerance.REL, where(what, i, n));
        }
    }

    /** A scalar (a summed loss, a sum of squares) within ABS + REL·|expected|. */
    void sum(String op, double expected, double actual, String what) {
        log.close(op, expected, actual, Math.abs(expected), ParityTolerance.REL, caseName + ": " + what);
    }

    /** A scalar within ABS + REL·scale. */
    void close(String op, double expected, double actual, double scale, String what) {
        log.close(op, expected, actual, scale, ParityTolerance.REL, caseName + ": " + what);
    }

    /** Bit-for-bit equal floats from {@code from} (inclusive) to {@code to} (exclusive). */
    void exact(String op, float[] expected, float[] actual, int from, int to, String what) {
        for (int i = from; i < to; i++) {
            log.exact(op, expected[i], actual[i], where(what, i, to));
        }
    }

    void exact(String op, float[] expected, float[] actual, String what) {
        exact(op, expected, actual, 0, expected.length, what);
    }

    void exact(String op, int expected, int actual, String what) {
        log.exact(op, expected, actual, caseName + ": " + what);
    }

    /** Rows beyond a view kept their values. */
    void untouched(String op, float[] before, float[] after, int from, String what) {
        exact(op, before, after, from, before.length, what + ": rows beyond the view");
    }

    static float[] abs(float[] v) {
        float[] r = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.abs(v[i]);
        }
        return r;
    }
}
