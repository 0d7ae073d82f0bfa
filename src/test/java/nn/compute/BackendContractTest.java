package nn.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every {@link Backend} meets: every op of the interface, on sizes that are not
 * multiples of any work-group or vector width (1, 3, 17, 129, 1031; batch norm on 1, 7, 33 rows by
 * 1, 5, 19 columns) and on {@link Tensor#withRows} views, against {@link ReferenceBackend} (naive
 * loops in double, rounded to float per op) or, for batch norm, against formulas in double here.
 * A backend gets the whole suite by one subclass that says how to open it
 * ({@link #openBackend}); a subclass whose device is missing skips with the reason (a JUnit
 * assumption in {@code openBackend}).
 *
 * <p>The tolerances, in one place and the same for every backend: per element |backend −
 * reference| ≤ {@link #ABS} + {@link #REL}·s, where s is |reference| for element-wise results,
 * (|A|·|B|)ᵢⱼ (the product on magnitudes) for GEMM, and the sum of the magnitudes of the terms for
 * column sums and the batch-norm sums; loss sums and sums of squares within ABS + REL·|reference|.
 * Gathers and counts are exact. One exception, {@link #REL_SATURATED_TANH}: deltas of a
 * tanh output under a cross-entropy loss (pairs the config rejects), where 1 − a² cancels as tanh
 * saturates and a device's float tanh, unlike Java's double one, is not correctly rounded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendContractTest {
    /** Absolute part of the per-element tolerance. */
    protected static final double ABS = 1e-6;
    /** Relative part, times the magnitude of the value or of its terms. */
    protected static final double REL = 1e-5;
    /** Relative part for deltas of saturated tanh outputs under cross-entropy (see the class comment). */
    protected static final double REL_SATURATED_TANH = 1e-4;
    /** Batch-norm's default epsilon (Keras). */
    private static final float EPSILON = 0.001f;
    private static final int[][] SHAPES = {{1, 1}, {3, 17}, {17, 3}, {129, 1}, {1, 129}, {17, 1031}, {1031, 3}};

    private Backend backend;
    private final Backend reference = new ReferenceBackend();
    private final SplittableRandom random = new SplittableRandom(11);

    /** Opens the backend under test; skips (a failed assumption) when its device is missing. */
    protected abstract Backend openBackend();

    @BeforeAll
    final void openTheBackend() {
        backend = openBackend();
    }

    @AfterAll
    final void closeTheBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    /** The backend under test, for subclasses' own cases. */
    protected final Backend backend() {
        return backend;
    }

    // ---- helpers -------------------------------------------------------------------------------

    private float[] values(int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return v;
    }

    private Tensor upload(int rows, int cols, float[] v) {
        Tensor t = backend.allocate(rows, cols);
        backend.write(t, v);
        return t;
    }

    private float[] read(Tensor t) {
        float[] v = new float[t.size()];
        backend.read(t, v);
        return v;
    }

    /** actual against expected within ABS + REL·scale[i], element by element, the first {@code n} only. */
    protected static void assertClose(double[] expected, double[] scale, float[] actual, int n, String what) {
        for (int i = 0; i < n; i++) {
            double allowed = ABS + REL * scale[i];
            double diff = Math.abs(expected[i] - actual[i]);
            if (!(diff <= allowed)) {
                throw new AssertionError(what + ": element " + i + " of " + n + ": reference " + expected[i]
                        + ", backend " + actual[i] + " (allowed ±" + allowed + ")");
            }
        }
    }

    private static void assertUntouched(float[] before, float[] after, int from, String what) {
        assertArrayEquals(java.util.Arrays.copyOfRange(before, from, before.length),
                java.util.Arrays.copyOfRange(after, from, after.length), what + ": rows beyond the view changed");
    }

    // ---- the ops of a dense network, against the reference backend -----------------------------

    /** The same values on the backend under test and on the reference. */
    private record Twin(Tensor actual, Tensor expected, float[] values) {
        Twin withRows(int rows) {
            return new Twin(actual.withRows(rows), expected.withRows(rows), values);
        }
    }

    private Twin twin(int rows, int cols, float lo, float hi) {
        return twin(rows, cols, values(rows * cols, lo, hi));
    }

    private Twin twin(int rows, int cols, float[] v) {
        Tensor a = backend.allocate(rows, cols);
        Tensor e = reference.allocate(rows, cols);
        backend.write(a, v);
        reference.write(e, v);
        return new Twin(a, e, v);
    }

    private Twin oneHot(int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            v[r * cols + random.nextInt(cols)] = 1f;
        }
        return twin(rows, cols, v);
    }

    private Twin binary(int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextBoolean() ? 1f : 0f;
        }
        return twin(rows, cols, v);
    }

    private Twin targets(Loss loss, int rows, int cols) {
        return loss == Loss.CATEGORICAL_CROSSENTROPY ? oneHot(rows, cols)
                : loss == Loss.BINARY_CROSSENTROPY ? binary(rows, cols) : twin(rows, cols, -1, 1);
    }

    private static float[] read(Backend b, Tensor t) {
        float[] v = new float[t.size()];
        b.read(t, v);
        return v;
    }

    /** Checks the backend against the reference element by element; {@code scale} (or |reference| when null) sets the relative part. */
    private void assertClose(Twin t, float[] scale, String what) {
        assertClose(t, scale, REL, what);
    }

    private void assertClose(Twin t, float[] scale, double rel, String what) {
        float[] expected = read(reference, t.expected());
        float[] actual = read(backend, t.actual());
        for (int i = 0; i < expected.length; i++) {
            double s = scale == null ? Math.abs(expected[i]) : scale[i];
            double allowed = ABS + rel * s;
            double diff = Math.abs((double) expected[i] - actual[i]);
            if (!(diff <= allowed) && !(Float.isNaN(expected[i]) && Float.isNaN(actual[i]))) {
                throw new AssertionError(what + ": element " + i + " of " + expected.length + ": reference " + expected[i]
                        + ", " + backend.name() + " " + actual[i] + " (allowed ±" + allowed + ")");
            }
        }
    }

    private static void assertSum(double expected, double actual, String what) {
        assertEquals(expected, actual, ABS + REL * Math.abs(expected), what);
    }

    static Stream<Arguments> gemmCases() {
        int[][] mkn = {{1, 1, 1}, {3, 17, 1}, {17, 3, 129}, {129, 17, 3}, {1031, 3, 17}, {3, 1031, 17}, {17, 129, 1031},
            {64, 33, 65}};
        List<Arguments> cases = new ArrayList<>();
        for (int[] s : mkn) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    cases.add(Arguments.of(s[0], s[1], s[2], ta, tb));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}x{1}x{2} transposeA={3} transposeB={4}")
    @MethodSource("gemmCases")
    void gemm(int m, int k, int n, boolean transposeA, boolean transposeB) {
        Twin a = transposeA ? twin(k, m, -1, 1) : twin(m, k, -1, 1);
        Twin b = transposeB ? twin(n, k, -1, 1) : twin(k, n, -1, 1);
        Twin c = twin(m, n, 5, 6); // stale values that the product must overwrite
        backend.gemm(a.actual(), transposeA, b.actual(), transposeB, c.actual());
        reference.gemm(a.expected(), transposeA, b.expected(), transposeB, c.expected());
        // The error bound scales with Σ|a||b|: the same product on magnitudes.
        Tensor absA = reference.allocate(a.expected().rows(), a.expected().cols());
        Tensor absB = reference.allocate(b.expected().rows(), b.expected().cols());
        reference.write(absA, abs(a.values()));
        reference.write(absB, abs(b.values()));
        Tensor magnitude = reference.allocate(m, n);
        reference.gemm(absA, transposeA, absB, transposeB, magnitude);
        assertClose(c, read(reference, magnitude), "gemm");
    }

    private static float[] abs(float[] v) {
        float[] r = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.abs(v[i]);
        }
        return r;
    }

    static Stream<Arguments> activationsAndShapes() {
        List<Arguments> cases = new ArrayList<>();
        for (Activation act : Activation.values()) {
            for (int[] s : SHAPES) {
                cases.add(Arguments.of(act, s[0], s[1]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("activationsAndShapes")
    void biasActivationWithAndWithoutBias(Activation act, int rows, int cols) {
        for (boolean withBias : new boolean[] {true, false}) {
            Twin z = twin(rows, cols, -4, 4);
            Twin bias = twin(1, cols, -1, 1);
            Twin out = twin(rows, cols, 9, 9);
            backend.biasActivation(z.actual(), withBias ? bias.actual() : null, act, out.actual());
            reference.biasActivation(z.expected(), withBias ? bias.expected() : null, act, out.expected());
            assertClose(z, null, act + " z after bias");
            assertClose(out, null, act + " out");
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("activationsAndShapes")
    void activationBackward(Activation act, int rows, int cols) {
        Twin z = twin(rows, cols, -4, 4);
        Twin out = twin(rows, cols, 0, 0);
        backend.biasActivation(z.actual(), null, act, out.actual());
        reference.biasActivation(z.expected(), null, act, out.expected());
        Twin delta = twin(rows, cols, -1, 1);
        backend.activationBackward(delta.actual(), z.actual(), out.actual(), act);
        reference.activationBackward(delta.expected(), z.expected(), out.expected(), act);
        assertClose(delta, null, act + " delta");
    }

    static Stream<Arguments> lossPairs() {
        List<Arguments> cases = new ArrayList<>();
        for (Loss loss : Loss.values()) {
            for (Activation act : Activation.values()) {
                for (int[] s : new int[][] {{1, 1}, {3, 17}, {129, 3}, {1031, 1}, {17, 1031}}) {
                    cases.add(Arguments.of(loss, act, s[0], s[1]));
                }
            }
        }
        return cases.stream();
    }

    /**
     * The loss and ∂J/∂Z for every loss × output activation, unweighted and with class weights in
     * [0.2, 5] (as balanced weights of an imbalanced set come out); the weighted delta is also the
     * backend's own unweighted one times the row's weight (δ is linear in it).
     */
    @ParameterizedTest(name = "{0} after {1} {2}x{3}")
    @MethodSource("lossPairs")
    void outputDeltaUnweightedAndWeighted(Loss loss, Activation act, int rows, int cols) {
        Twin z = twin(rows, cols, -4, 4);
        Twin out = twin(rows, cols, 0, 0);
        backend.biasActivation(z.actual(), null, act, out.actual());
        reference.biasActivation(z.expected(), null, act, out.expected());
        Twin y = targets(loss, rows, cols);
        boolean saturating = act == Activation.TANH && loss != Loss.MEAN_SQUARED_ERROR;
        double rel = saturating ? REL_SATURATED_TANH : REL;

        Twin plain = twin(rows, cols, 3, 3);
        assertSum(reference.outputDelta(loss, act, z.expected(), out.expected(), y.expected(), plain.expected()),
                backend.outputDelta(loss, act, z.actual(), out.actual(), y.actual(), plain.actual()), "summed loss");
        assertClose(plain, null, rel, "delta");

        Twin weights = twin(rows, 1, 0.2f, 5f);
        Twin weighted = twin(rows, cols, 3, 3);
        assertSum(reference.outputDelta(loss, act, z.expected(), out.expected(), y.expected(), weighted.expected(),
                        weights.expected()),
                backend.outputDelta(loss, act, z.actual(), out.actual(), y.actual(), weighted.actual(), weights.actual()),
                "summed weighted loss");
        assertClose(weighted, null, rel, "weighted delta");
        float[] unweighted = read(backend, plain.actual());
        float[] scaled = read(backend, weighted.actual());
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                float w = weights.values()[r];
                float expected = unweighted[r * cols + j] * w;
                assertEquals(expected, scaled[r * cols + j], ABS + REL * Math.abs(expected), "row " + r + " times its weight");
            }
        }
    }

    static Stream<Arguments> shapes() {
        return Stream.of(SHAPES).map(s -> Arguments.of(s[0], s[1]));
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("shapes")
    void columnSumsCountsErrorsAndSgd(int rows, int cols) {
        Twin m = twin(rows, cols, -1, 1);
        Twin sums = twin(1, cols, 7, 7);
        backend.columnSums(m.actual(), sums.actual());
        reference.columnSums(m.expected(), sums.expected());
        float[] magnitude = new float[cols];
        for (int i = 0; i < m.values().length; i++) {
            magnitude[i % cols] += Math.abs(m.values()[i]);
        }
        assertClose(sums, magnitude, "column sums");

        Twin out = twin(rows, cols, 0, 1);
        Twin y = cols == 1 ? binary(rows, cols) : oneHot(rows, cols);
        assertEquals(reference.countCorrect(out.expected(), y.expected()), backend.countCorrect(out.actual(), y.actual()),
                "correct rows");
        assertSum(reference.sumSquaredError(out.expected(), y.expected()),
                backend.sumSquaredError(out.actual(), y.actual()), "squared error");

        Twin grad = twin(rows, cols, -1, 1);
        backend.sgdStep(m.actual(), grad.actual(), 0.05f);
        reference.sgdStep(m.expected(), grad.expected(), 0.05f);
        assertClose(m, null, "sgd step");
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("shapes")
    void optimizerAndRegularisationOps(int rows, int cols) {
        Twin grad = twin(rows, cols, -1, 1);
        for (boolean nesterov : new boolean[] {false, true}) {
            Twin p = twin(rows, cols, -1, 1);
            Twin velocity = twin(rows, cols, -0.1f, 0.1f);
            for (int step = 0; step < 3; step++) {
                backend.momentumStep(p.actual(), grad.actual(), velocity.actual(), 0.05f, 0.9f, nesterov);
                reference.momentumStep(p.expected(), grad.expected(), velocity.expected(), 0.05f, 0.9f, nesterov);
            }
            assertClose(p, null, "momentum step, nesterov=" + nesterov);
            assertClose(velocity, null, "velocity, nesterov=" + nesterov);
        }
        Twin p = twin(rows, cols, -1, 1);
        Twin m = twin(rows, cols, 0, 0);
        Twin v = twin(rows, cols, 0, 0);
        for (int step = 1; step <= 3; step++) {
            float stepSize = (float) (0.01 * Math.sqrt(1 - Math.pow(0.999, step)) / (1 - Math.pow(0.9, step)));
            backend.adamStep(p.actual(), grad.actual(), m.actual(), v.actual(), stepSize, 0.9f, 0.999f, 1e-7f, 0.001f);
            reference.adamStep(p.expected(), grad.expected(), m.expected(), v.expected(), stepSize, 0.9f, 0.999f, 1e-7f,
                    0.001f);
        }
        assertClose(p, null, "adamw step");
        assertClose(m, null, "first moment");
        assertClose(v, null, "second moment");

        Twin dst = twin(rows, cols, -1, 1);
        backend.addScaled(dst.actual(), grad.actual(), 0.3f);
        reference.addScaled(dst.expected(), grad.expected(), 0.3f);
        assertClose(dst, null, "addScaled");
        backend.scale(dst.actual(), -1.7f);
        reference.scale(dst.expected(), -1.7f);
        assertClose(dst, null, "scale");
        Twin mask = twin(rows, cols, 0, 2);
        backend.multiply(dst.actual(), mask.actual(), dst.actual());
        reference.multiply(dst.expected(), mask.expected(), dst.expected());
        assertClose(dst, null, "multiply in place");
        assertSum(reference.sumOfSquares(grad.expected()), backend.sumOfSquares(grad.actual()), "sum of squares");
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("shapes")
    void gatherRowsThroughAViewIsExact(int rows, int cols) {
        Twin all = twin(rows + 5, cols, -1, 1);
        int[] order = new int[rows + 5];
        for (int i = 0; i < order.length; i++) {
            order[i] = order.length - 1 - i;
        }
        Twin batch = twin(rows, cols, 0, 0);
        Twin view = batch.withRows(Math.max(1, rows / 2));
        for (Twin dst : new Twin[] {batch, view}) {
            backend.gatherRows(all.actual(), order, 3, dst.actual());
            reference.gatherRows(all.expected(), order, 3, dst.expected());
            assertClose(dst, new float[dst.expected().size()], "gather");
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void opsOnAShortViewLeaveTheOtherRowsAlone(Activation act) {
        Twin z = twin(17, 5, -3, 3);
        Twin out = twin(17, 5, 2, 2);
        Twin zView = z.withRows(3);
        Twin outView = out.withRows(3);
        backend.biasActivation(zView.actual(), null, act, outView.actual());
        reference.biasActivation(zView.expected(), null, act, outView.expected());
        assertClose(out, null, act + " on a 3-row view of 17");
    }

    // ---- known answers, small enough to check by hand -------------------------------------------

    @Test
    void countCorrectUsesThresholdOrArgmax() {
        Tensor out = upload(3, 1, new float[] {0.7f, 0.2f, 0.5f});
        Tensor y = upload(3, 1, new float[] {1, 1, 1});
        assertEquals(2, backend.countCorrect(out, y));
        Tensor out3 = upload(2, 3, new float[] {0.1f, 0.8f, 0.1f, 0.5f, 0.2f, 0.3f});
        Tensor y3 = upload(2, 3, new float[] {0, 1, 0, 0, 0, 1});
        assertEquals(1, backend.countCorrect(out3, y3));
        assertEquals(1, backend.countCorrect(out3.withRows(1), y3.withRows(1)), "a view sees only its rows");
    }

    @Test
    void elementwiseOpsOnKnownValues() {
        Tensor a = upload(2, 2, new float[] {1, -2, 3, 0.5f});
        Tensor b = upload(2, 2, new float[] {2, 4, 0, -1});
        assertEquals(1 + 4 + 9 + 0.25, backend.sumOfSquares(a), 0);
        backend.addScaled(a, b, 0.5f);
        assertArrayEquals(new float[] {2, 0, 3, 0}, read(a));
        backend.scale(b, -2f);
        assertArrayEquals(new float[] {-4, -8, -0f, 2}, read(b));
        // Only the first row of a one-row view is touched.
        backend.multiply(a.withRows(1), b.withRows(1), a.withRows(1));
        assertArrayEquals(new float[] {-8, -0f, 3, 0}, read(a));
    }

    @Test
    void writeAndReadRoundTripThroughViews() {
        float[] v = values(7 * 3, -5, 5);
        Tensor t = upload(7, 3, v);
        assertArrayEquals(v, read(t));
        float[] head = new float[6];
        backend.read(t.withRows(2), head);
        assertArrayEquals(java.util.Arrays.copyOf(v, 6), head);
        assertArrayEquals(new float[4 * 5], read(backend.allocate(4, 5)), "allocate gives zeros");
    }

    // ---- batch normalisation -------------------------------------------------------------------

    /** Batch sizes 1, 7 and 33 by 1, 5 and 19 features, each on a full tensor and on a view of a taller one. */
    static Stream<Arguments> batchNormShapes() {
        List<Arguments> cases = new ArrayList<>();
        for (int rows : new int[] {1, 7, 33}) {
            for (int cols : new int[] {1, 5, 19}) {
                cases.add(Arguments.of(rows, cols, false));
                cases.add(Arguments.of(rows, cols, true));
            }
        }
        return cases.stream();
    }

    /** Reference moments in double: mean, biased variance, and the magnitudes for the tolerance. */
    private static double[][] moments(float[] x, int rows, int cols) {
        double[] mean = new double[cols];
        double[] var = new double[cols];
        double[] meanScale = new double[cols];
        double[] varScale = new double[cols];
        for (int j = 0; j < cols; j++) {
            double s = 0;
            double a = 0;
            for (int r = 0; r < rows; r++) {
                s += x[r * cols + j];
                a += Math.abs(x[r * cols + j]);
            }
            mean[j] = s / rows;
            meanScale[j] = a / rows;
            double q = 0;
            double qa = 0;
            for (int r = 0; r < rows; r++) {
                double d = x[r * cols + j] - mean[j];
                q += d * d;
                // The centring error (≈ REL·meanScale) enters each squared term through 2|d|.
                qa += d * d + 2 * Math.abs(d) * meanScale[j];
            }
            var[j] = q / rows;
            varScale[j] = qa / rows;
        }
        return new double[][] {mean, var, meanScale, varScale};
    }

    @ParameterizedTest(name = "{0}x{1} view={2}")
    @MethodSource("batchNormShapes")
    void columnMomentsMatchTheDoubleReference(int rows, int cols, boolean view) {
        int capacity = view ? rows + 4 : rows;
        float[] x = values(capacity * cols, -2, 3);
        Tensor xt = upload(capacity, cols, x).withRows(rows);
        Tensor mean = upload(1, cols, values(cols, 9, 9));
        Tensor var = upload(1, cols, values(cols, 9, 9));
        backend.columnMoments(xt, mean, var);
        double[][] ref = moments(x, rows, cols);
        assertClose(ref[0], ref[2], read(mean), cols, "mean");
        assertClose(ref[1], ref[3], read(var), cols, "variance");
    }

    @ParameterizedTest(name = "{0}x{1} view={2}")
    @MethodSource("batchNormShapes")
    void batchNormForwardMatchesTheDoubleReference(int rows, int cols, boolean view) {
        int capacity = view ? rows + 4 : rows;
        float[] x = values(capacity * cols, -2, 3);
        float[] mean = values(cols, -0.5, 0.5);
        float[] var = values(cols, 0, 2);
        float[] gamma = values(cols, -1.5, 1.5);
        float[] beta = values(cols, -1, 1);
        float[] stale = values(capacity * cols, 7, 8);
        Tensor xt = upload(capacity, cols, x);
        Tensor xHat = upload(capacity, cols, stale);
        Tensor out = upload(capacity, cols, stale);
        Tensor inferenceOut = upload(capacity, cols, stale);
        Tensor m = upload(1, cols, mean);
        Tensor v = upload(1, cols, var);
        Tensor g = upload(1, cols, gamma);
        Tensor b = upload(1, cols, beta);
        backend.batchNormForward(xt.withRows(rows), m, v, g, b, EPSILON, xHat.withRows(rows), out.withRows(rows));
        backend.batchNormForward(xt.withRows(rows), m, v, g, b, EPSILON, null, inferenceOut.withRows(rows));
        double[] hRef = new double[rows * cols];
        double[] hScale = new double[rows * cols];
        double[] outRef = new double[rows * cols];
        double[] outScale = new double[rows * cols];
        for (int i = 0; i < rows * cols; i++) {
            int j = i % cols;
            double inv = 1 / Math.sqrt((double) var[j] + EPSILON);
            hRef[i] = (x[i] - (double) mean[j]) * inv;
            hScale[i] = (Math.abs(x[i]) + Math.abs(mean[j])) * inv;
            outRef[i] = gamma[j] * hRef[i] + beta[j];
            outScale[i] = Math.abs(gamma[j]) * hScale[i] + Math.abs(beta[j]);
        }
        assertClose(hRef, hScale, read(xHat), rows * cols, "xHat");
        assertClose(outRef, outScale, read(out), rows * cols, "out");
        assertClose(outRef, outScale, read(inferenceOut), rows * cols, "out without xHat");
        assertUntouched(stale, read(xHat), rows * cols, "xHat");
        assertUntouched(stale, read(out), rows * cols, "out");
    }

    @ParameterizedTest(name = "{0}x{1} view={2}")
    @MethodSource("batchNormShapes")
    void batchNormForwardMayWriteOverItsInput(int rows, int cols, boolean view) {
        int capacity = view ? rows + 4 : rows;
        float[] x = values(capacity * cols, -2, 3);
        Tensor inPlace = upload(capacity, cols, x);
        Tensor separate = backend.allocate(capacity, cols);
        Tensor xt = upload(capacity, cols, x);
        Tensor m = upload(1, cols, values(cols, -0.5, 0.5));
        Tensor v = upload(1, cols, values(cols, 0, 2));
        Tensor g = upload(1, cols, values(cols, -1.5, 1.5));
        Tensor b = upload(1, cols, values(cols, -1, 1));
        backend.batchNormForward(xt.withRows(rows), m, v, g, b, EPSILON, null, separate.withRows(rows));
        backend.batchNormForward(inPlace.withRows(rows), m, v, g, b, EPSILON, null, inPlace.withRows(rows));
        float[] expected = read(separate);
        float[] actual = read(inPlace);
        assertArrayEquals(java.util.Arrays.copyOf(expected, rows * cols), java.util.Arrays.copyOf(actual, rows * cols),
                "in place equals out of place");
        assertUntouched(x, actual, rows * cols, "in-place out");
    }

    @ParameterizedTest(name = "{0}x{1} view={2}")
    @MethodSource("batchNormShapes")
    void batchNormBackwardMatchesTheDoubleReference(int rows, int cols, boolean view) {
        int capacity = view ? rows + 4 : rows;
        float[] delta = values(capacity * cols, -1, 1);
        float[] xHat = values(capacity * cols, -2, 2);
        float[] var = values(cols, 0, 2);
        float[] gamma = values(cols, -1.5, 1.5);
        Tensor dt = upload(capacity, cols, delta);
        Tensor ht = upload(capacity, cols, xHat);
        Tensor v = upload(1, cols, var);
        Tensor g = upload(1, cols, gamma);
        Tensor gammaGrad = upload(1, cols, values(cols, 9, 9));
        Tensor betaGrad = upload(1, cols, values(cols, 9, 9));
        Tensor deltaIn = upload(capacity, cols, values(capacity * cols, 7, 8));
        float[] staleIn = read(deltaIn);
        backend.batchNormBackward(dt.withRows(rows), ht.withRows(rows), v, g, EPSILON, gammaGrad, betaGrad,
                deltaIn.withRows(rows));

        double[] dGamma = new double[cols];
        double[] dBeta = new double[cols];
        double[] dGammaScale = new double[cols];
        double[] dBetaScale = new double[cols];
        for (int i = 0; i < rows * cols; i++) {
            int j = i % cols;
            dGamma[j] += (double) delta[i] * xHat[i];
            dBeta[j] += delta[i];
            dGammaScale[j] += Math.abs((double) delta[i] * xHat[i]);
            dBetaScale[j] += Math.abs(delta[i]);
        }
        double[] inRef = new double[rows * cols];
        double[] inScale = new double[rows * cols];
        for (int i = 0; i < rows * cols; i++) {
            int j = i % cols;
            double k = gamma[j] / Math.sqrt((double) var[j] + EPSILON);
            inRef[i] = k * (delta[i] - dBeta[j] / rows - xHat[i] * dGamma[j] / rows);
            inScale[i] = Math.abs(k) * (Math.abs(delta[i]) + dBetaScale[j] / rows
                    + Math.abs(xHat[i]) * dGammaScale[j] / rows);
        }
        assertClose(dGamma, dGammaScale, read(gammaGrad), cols, "gammaGrad");
        assertClose(dBeta, dBetaScale, read(betaGrad), cols, "betaGrad");
        assertClose(inRef, inScale, read(deltaIn), rows * cols, "deltaIn");
        assertUntouched(staleIn, read(deltaIn), rows * cols, "deltaIn");

        // In place (deltaIn = delta) gives the same values; without deltaIn only the sums are written.
        backend.batchNormBackward(dt.withRows(rows), ht.withRows(rows), v, g, EPSILON, gammaGrad, betaGrad,
                dt.withRows(rows));
        assertClose(inRef, inScale, read(dt), rows * cols, "deltaIn in place");
        assertUntouched(delta, read(dt), rows * cols, "in-place deltaIn");
        Tensor d2 = upload(capacity, cols, delta);
        Tensor gg2 = upload(1, cols, values(cols, 9, 9));
        Tensor bg2 = upload(1, cols, values(cols, 9, 9));
        backend.batchNormBackward(d2.withRows(rows), ht.withRows(rows), v, g, EPSILON, gg2, bg2, null);
        assertClose(dGamma, dGammaScale, read(gg2), cols, "gammaGrad without deltaIn");
        assertClose(dBeta, dBetaScale, read(bg2), cols, "betaGrad without deltaIn");
        assertArrayEquals(delta, read(d2), "delta unchanged without deltaIn");
    }
}
