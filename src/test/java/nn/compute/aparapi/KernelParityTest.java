package nn.compute.aparapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import nn.compute.Activation;
import nn.compute.Backend;
import nn.compute.Loss;
import nn.compute.Tensor;
import nn.compute.java.JavaBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op of the OpenCL backend against the Java backend on sizes that are not multiples of the
 * work-group size (1, 3, 17, 129, 1031). Tolerance per element: |opencl − java| ≤ 1e-6 + 1e-5·s,
 * where s is |java| for elementwise results and (|A|·|B|)ᵢⱼ, the sum of the magnitudes of the
 * products, for GEMM; loss sums within a relative 1e-5. Gathers, column sums and counts are exact.
 * One exception, 1e-4 relative: deltas of a tanh output under a cross-entropy loss (pairs the
 * config rejects), where 1 − a² cancels as tanh saturates and OpenCL's float tanh, unlike the Java
 * backend's double one, is not correctly rounded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KernelParityTest {
    private static final double ABS = 1e-6;
    private static final double REL = 1e-5;
    private static final double REL_SATURATED_TANH = 1e-4;
    private static final int[][] SHAPES = {{1, 1}, {3, 17}, {17, 3}, {129, 1}, {1, 129}, {17, 1031}, {1031, 3}};

    private AparapiBackend cl;
    private JavaBackend java;
    private final SplittableRandom random = new SplittableRandom(7);

    @BeforeAll
    void open() {
        cl = OpenClTestDevice.open();
        java = new JavaBackend(2);
    }

    @AfterAll
    void close() {
        if (cl != null) {
            cl.close();
        }
        if (java != null) {
            java.close();
        }
    }

    /** The same values on both backends. */
    private record Twin(Tensor cl, Tensor java, float[] values) {
        Twin withRows(int rows) {
            return new Twin(cl.withRows(rows), java.withRows(rows), values);
        }
    }

    private Twin twin(int rows, int cols, float lo, float hi) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return twin(rows, cols, v);
    }

    private Twin twin(int rows, int cols, float[] v) {
        Tensor c = cl.allocate(rows, cols);
        Tensor j = java.allocate(rows, cols);
        cl.write(c, v);
        java.write(j, v);
        return new Twin(c, j, v);
    }

    private Twin oneHot(int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            v[r * cols + random.nextInt(cols)] = 1f;
        }
        return twin(rows, cols, v);
    }

    private static float[] read(Backend b, Tensor t) {
        float[] v = new float[t.size()];
        b.read(t, v);
        return v;
    }

    /** Checks cl against java element by element; {@code scale} (or |java| when null) sets the relative part. */
    private void assertClose(Twin t, float[] scale, String what) {
        assertClose(t, scale, REL, what);
    }

    private void assertClose(Twin t, float[] scale, double rel, String what) {
        float[] expected = read(java, t.java());
        float[] actual = read(cl, t.cl());
        for (int i = 0; i < expected.length; i++) {
            double s = scale == null ? Math.abs(expected[i]) : scale[i];
            double allowed = ABS + rel * s;
            double diff = Math.abs((double) expected[i] - actual[i]);
            if (!(diff <= allowed) && !(Float.isNaN(expected[i]) && Float.isNaN(actual[i]))) {
                throw new AssertionError(what + ": element " + i + " of " + expected.length + ": java " + expected[i]
                        + ", opencl " + actual[i] + " (allowed ±" + allowed + ")");
            }
        }
    }

    static Stream<Arguments> gemmCases() {
        int[][] mkn = {{1, 1, 1}, {3, 17, 1}, {17, 3, 129}, {129, 17, 3}, {1031, 3, 17}, {3, 1031, 17}, {17, 129, 1031}};
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
        cl.gemm(a.cl(), transposeA, b.cl(), transposeB, c.cl());
        java.gemm(a.java(), transposeA, b.java(), transposeB, c.java());
        // The error bound scales with Σ|a||b|: the same product on magnitudes.
        Tensor absA = java.allocate(a.java().rows(), a.java().cols());
        Tensor absB = java.allocate(b.java().rows(), b.java().cols());
        java.write(absA, abs(a.values()));
        java.write(absB, abs(b.values()));
        Tensor magnitude = java.allocate(m, n);
        java.gemm(absA, transposeA, absB, transposeB, magnitude);
        assertClose(c, read(java, magnitude), "gemm");
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
            cl.biasActivation(z.cl(), withBias ? bias.cl() : null, act, out.cl());
            java.biasActivation(z.java(), withBias ? bias.java() : null, act, out.java());
            assertClose(z, null, act + " z after bias");
            assertClose(out, null, act + " out");
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("activationsAndShapes")
    void activationBackward(Activation act, int rows, int cols) {
        Twin z = twin(rows, cols, -4, 4);
        Twin out = twin(rows, cols, 0, 0);
        cl.biasActivation(z.cl(), null, act, out.cl());
        java.biasActivation(z.java(), null, act, out.java());
        Twin delta = twin(rows, cols, -1, 1);
        cl.activationBackward(delta.cl(), z.cl(), out.cl(), act);
        java.activationBackward(delta.java(), z.java(), out.java(), act);
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

    @ParameterizedTest(name = "{0} after {1} {2}x{3}")
    @MethodSource("lossPairs")
    void outputDelta(Loss loss, Activation act, int rows, int cols) {
        Twin z = twin(rows, cols, -4, 4);
        Twin out = twin(rows, cols, 0, 0);
        cl.biasActivation(z.cl(), null, act, out.cl());
        java.biasActivation(z.java(), null, act, out.java());
        Twin y = loss == Loss.CATEGORICAL_CROSSENTROPY ? oneHot(rows, cols)
                : loss == Loss.BINARY_CROSSENTROPY ? binary(rows, cols) : twin(rows, cols, -1, 1);
        Twin delta = twin(rows, cols, 3, 3);
        double clLoss = cl.outputDelta(loss, act, z.cl(), out.cl(), y.cl(), delta.cl());
        double javaLoss = java.outputDelta(loss, act, z.java(), out.java(), y.java(), delta.java());
        assertEquals(javaLoss, clLoss, ABS + REL * Math.abs(javaLoss), "summed loss");
        boolean saturating = act == Activation.TANH && loss != Loss.MEAN_SQUARED_ERROR;
        assertClose(delta, null, saturating ? REL_SATURATED_TANH : REL, "delta");
    }

    /**
     * Class weights: each row's loss and delta scaled by its weight on both backends; weights in
     * [0.2, 5] as balanced weights of an imbalanced set come out. The unweighted result times the
     * weight is the reference on the Java side too (δ is linear in it).
     */
    @ParameterizedTest(name = "weighted {0} after {1} {2}x{3}")
    @MethodSource("lossPairs")
    void weightedOutputDelta(Loss loss, Activation act, int rows, int cols) {
        Twin z = twin(rows, cols, -4, 4);
        Twin out = twin(rows, cols, 0, 0);
        cl.biasActivation(z.cl(), null, act, out.cl());
        java.biasActivation(z.java(), null, act, out.java());
        Twin y = loss == Loss.CATEGORICAL_CROSSENTROPY ? oneHot(rows, cols)
                : loss == Loss.BINARY_CROSSENTROPY ? binary(rows, cols) : twin(rows, cols, -1, 1);
        Twin weights = twin(rows, 1, 0.2f, 5f);
        Twin delta = twin(rows, cols, 3, 3);
        double clLoss = cl.outputDelta(loss, act, z.cl(), out.cl(), y.cl(), delta.cl(), weights.cl());
        double javaLoss = java.outputDelta(loss, act, z.java(), out.java(), y.java(), delta.java(), weights.java());
        assertEquals(javaLoss, clLoss, ABS + REL * Math.abs(javaLoss), "summed weighted loss");
        boolean saturating = act == Activation.TANH && loss != Loss.MEAN_SQUARED_ERROR;
        assertClose(delta, null, saturating ? REL_SATURATED_TANH : REL, "weighted delta");

        float[] weighted = new float[rows * cols];
        java.read(delta.java(), weighted);
        float[] w = new float[rows];
        java.read(weights.java(), w);
        Twin plain = twin(rows, cols, 3, 3);
        double plainLoss = java.outputDelta(loss, act, z.java(), out.java(), y.java(), plain.java());
        float[] unweighted = new float[rows * cols];
        java.read(plain.java(), unweighted);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                assertEquals(unweighted[r * cols + j] * w[r], weighted[r * cols + j], 0f, "row " + r);
            }
        }
        assertTrue(Double.isFinite(plainLoss) && Double.isFinite(javaLoss));
    }

    private Twin binary(int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextBoolean() ? 1f : 0f;
        }
        return twin(rows, cols, v);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("shapes")
    void columnSumsCountsErrorsAndSgd(int rows, int cols) {
        Twin m = twin(rows, cols, -1, 1);
        Twin sums = twin(1, cols, 7, 7);
        cl.columnSums(m.cl(), sums.cl());
        java.columnSums(m.java(), sums.java());
        assertClose(sums, null, "column sums");

        Twin out = twin(rows, cols, 0, 1);
        Twin y = cols == 1 ? binary(rows, cols) : oneHot(rows, cols);
        assertEquals(java.countCorrect(out.java(), y.java()), cl.countCorrect(out.cl(), y.cl()), "correct rows");
        double sse = java.sumSquaredError(out.java(), y.java());
        assertEquals(sse, cl.sumSquaredError(out.cl(), y.cl()), ABS + REL * sse, "squared error");

        Twin grad = twin(rows, cols, -1, 1);
        cl.sgdStep(m.cl(), grad.cl(), 0.05f);
        java.sgdStep(m.java(), grad.java(), 0.05f);
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
                cl.momentumStep(p.cl(), grad.cl(), velocity.cl(), 0.05f, 0.9f, nesterov);
                java.momentumStep(p.java(), grad.java(), velocity.java(), 0.05f, 0.9f, nesterov);
            }
            assertClose(p, null, "momentum step, nesterov=" + nesterov);
            assertClose(velocity, null, "velocity, nesterov=" + nesterov);
        }
        Twin p = twin(rows, cols, -1, 1);
        Twin m = twin(rows, cols, 0, 0);
        Twin v = twin(rows, cols, 0, 0);
        for (int step = 1; step <= 3; step++) {
            float stepSize = (float) (0.01 * Math.sqrt(1 - Math.pow(0.999, step)) / (1 - Math.pow(0.9, step)));
            cl.adamStep(p.cl(), grad.cl(), m.cl(), v.cl(), stepSize, 0.9f, 0.999f, 1e-7f, 0.001f);
            java.adamStep(p.java(), grad.java(), m.java(), v.java(), stepSize, 0.9f, 0.999f, 1e-7f, 0.001f);
        }
        assertClose(p, null, "adamw step");
        assertClose(m, null, "first moment");
        assertClose(v, null, "second moment");

        Twin dst = twin(rows, cols, -1, 1);
        cl.addScaled(dst.cl(), grad.cl(), 0.3f);
        java.addScaled(dst.java(), grad.java(), 0.3f);
        assertClose(dst, null, "addScaled");
        cl.scale(dst.cl(), -1.7f);
        java.scale(dst.java(), -1.7f);
        assertClose(dst, null, "scale");
        Twin mask = twin(rows, cols, 0, 2);
        cl.multiply(dst.cl(), mask.cl(), dst.cl());
        java.multiply(dst.java(), mask.java(), dst.java());
        assertClose(dst, null, "multiply in place");
        double squares = java.sumOfSquares(grad.java());
        assertEquals(squares, cl.sumOfSquares(grad.cl()), ABS + REL * squares, "sum of squares");
    }

    static Stream<Arguments> shapes() {
        return Stream.of(SHAPES).map(s -> Arguments.of(s[0], s[1]));
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
            cl.gatherRows(all.cl(), order, 3, dst.cl());
            java.gatherRows(all.java(), order, 3, dst.java());
            assertClose(dst, new float[dst.java().size()], "gather");
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void opsOnAShortViewLeaveTheOtherRowsAlone(Activation act) {
        Twin z = twin(17, 5, -3, 3);
        Twin out = twin(17, 5, 2, 2);
        Twin zView = z.withRows(3);
        Twin outView = out.withRows(3);
        cl.biasActivation(zView.cl(), null, act, outView.cl());
        java.biasActivation(zView.java(), null, act, outView.java());
        assertClose(out, null, act + " on a 3-row view of 17");
    }

    @Test
    void aStaleDeviceBufferIsDetectedNotUsed() {
        try (AparapiBackend own = OpenClTestDevice.open()) {
            Tensor a = own.allocate(2, 2);
            Tensor y = own.allocate(2, 2);
            own.write(a, new float[] {1, 2, 3, 4});
            own.sgdStep(a, a, 0.5f);
            // What Aparapi does when the GC moves an array: a new device buffer from the stale host copy.
            own.kernel().arena = own.kernel().arena.clone();
            var e = org.junit.jupiter.api.Assertions.assertThrows(nn.compute.DeviceUnavailableException.class,
                    () -> own.sumSquaredError(a, y));
            assertTrue(e.getMessage().contains("stale host copy"), e.getMessage());
        }
    }
}
