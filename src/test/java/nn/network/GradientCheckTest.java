package nn.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import nn.compute.Activation;
import nn.compute.Loss;
import nn.compute.Tensor;
import nn.compute.java.JavaBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backprop is right when (1) the double-precision reference's analytic gradients equal central
 * finite differences, and (2) the float backend's gradients equal the reference's.
 *
 * <p>Tolerances: (1) |analytic − numeric| ≤ 1e-7 + 1e-5·|numeric| per element, with h = 1e-5 in
 * double; (2) |float − reference| ≤ 2e-4 · max|reference| of the tensor + 1e-6 per element.
 */
class GradientCheckTest {
    private static final int BATCH = 5;

    /** Every hidden activation against every loss with each output activation it accepts. */
    static Stream<Arguments> activationLossPairs() {
        List<Arguments> cases = new ArrayList<>();
        for (Activation hidden : Activation.values()) {
            for (Loss loss : Loss.values()) {
                for (Activation output : Activation.values()) {
                    if (loss.needsProbabilities() && output != Activation.SIGMOID && output != Activation.SOFTMAX) {
                        continue; // rejected by the config checks: log of values outside (0, 1)
                    }
                    for (boolean bias : new boolean[] {true, false}) {
                        cases.add(Arguments.of(new int[] {3, 5, 3}, new Activation[] {hidden, output}, bias, loss));
                    }
                }
            }
        }
        return cases.stream();
    }

    /** The seed's second example, 9-6-6-1 with ReLU, ReLU, sigmoid and BCE, with and without bias. */
    static Stream<Arguments> seedNetwork() {
        Activation[] acts = {Activation.RELU, Activation.RELU, Activation.SIGMOID};
        return Stream.of(Arguments.of(new int[] {9, 6, 6, 1}, acts, true, Loss.BINARY_CROSSENTROPY),
                Arguments.of(new int[] {9, 6, 6, 1}, acts, false, Loss.BINARY_CROSSENTROPY));
    }

    @ParameterizedTest(name = "{1} bias={2} {3}")
    @MethodSource({"activationLossPairs", "seedNetwork"})
    void referenceMatchesFiniteDifferences(int[] widths, Activation[] acts, boolean bias, Loss loss) {
        Case c = new Case(widths, acts, bias, loss, 7);
        double[][] analytic = c.reference.gradients(c.params, c.x, c.y);
        double h = 1e-5;
        for (int t = 0; t < c.params.length; t++) {
            for (int i = 0; i < c.params[t].length; i++) {
                double saved = c.params[t][i];
                c.params[t][i] = saved + h;
                double plus = c.reference.loss(c.params, c.x, c.y);
                c.params[t][i] = saved - h;
                double minus = c.reference.loss(c.params, c.x, c.y);
                c.params[t][i] = saved;
                double numeric = (plus - minus) / (2 * h);
                double error = Math.abs(analytic[t][i] - numeric);
                assertTrue(error <= 1e-7 + 1e-5 * Math.abs(numeric),
                        "tensor " + t + " element " + i + ": analytic " + analytic[t][i] + " vs numeric " + numeric);
            }
        }
    }

    @ParameterizedTest(name = "{1} bias={2} {3}")
    @MethodSource({"activationLossPairs", "seedNetwork"})
    void floatBackendMatchesReference(int[] widths, Activation[] acts, boolean bias, Loss loss) {
        try (JavaBackend backend = new JavaBackend(2)) {
            assertFloatBackendMatchesReference(new Case(widths, acts, bias, loss, 11, BATCH), backend);
        }
    }

    static Stream<Integer> vectorWidths() {
        return JavaBackend.vectorWidths().stream();
    }

    /**
     * Products big enough for the vector kernel (24 × 40 × 96 multiply-adds and up, both hidden
     * layers wider than a tile), through each vector width this CPU has: the ARM-sized 128-bit
     * layout is proven on x86 too.
     */
    @ParameterizedTest(name = "{0}-bit vectors")
    @MethodSource("vectorWidths")
    void everyVectorWidthMatchesTheReference(int bits) {
        Activation[] acts = {Activation.RELU, Activation.TANH, Activation.SOFTMAX};
        Case c = new Case(new int[] {40, 96, 64, 3}, acts, true, Loss.CATEGORICAL_CROSSENTROPY, 17, 24);
        try (JavaBackend backend = JavaBackend.withVectorBits(2, bits)) {
            assertEquals("vector-" + bits, backend.kernel());
            assertFloatBackendMatchesReference(c, backend);
        }
    }

    private static void assertFloatBackendMatchesReference(Case c, JavaBackend backend) {
        double[][] expected = c.reference.gradients(c.params, c.x, c.y);
        double expectedLoss = c.reference.loss(c.params, c.x, c.y);
        int batch = c.x.length;
        DeviceNetwork net = new DeviceNetwork(backend, c.network(), batch);
        Tensor x = TestValues.upload(backend, c.x);
        Tensor y = TestValues.upload(backend, c.y);
        net.forward(x);
        double lossSum = net.backward(c.loss, x, y);
        assertEquals(expectedLoss, lossSum / batch, 1e-5 * Math.max(1, Math.abs(expectedLoss)), "loss");
        List<Parameter> params = net.parameters();
        assertEquals(expected.length, params.size());
        for (int t = 0; t < params.size(); t++) {
            float[] actual = new float[params.get(t).gradient().size()];
            backend.read(params.get(t).gradient(), actual);
            double scale = 0;
            for (double g : expected[t]) {
                scale = Math.max(scale, Math.abs(g));
            }
            for (int i = 0; i < actual.length; i++) {
                assertEquals(expected[t][i], actual[i], 2e-4 * scale + 1e-6, params.get(t).name() + "[" + i + "]");
            }
        }
    }

    /** Class weights per row, as the trainer gathers them: powers of two keep float and double equal. */
    private static final double[] ROW_WEIGHTS = {0.5, 2, 1, 4, 0.25};

    @ParameterizedTest(name = "weighted {1} bias={2} {3}")
    @MethodSource({"activationLossPairs", "seedNetwork"})
    void weightedLossMatchesFiniteDifferencesAndTheFloatBackend(int[] widths, Activation[] acts, boolean bias,
                                                                 Loss loss) {
        Case c = new Case(widths, acts, bias, loss, 13);
        c.reference.withRowWeights(ROW_WEIGHTS);
        double[][] analytic = c.reference.gradients(c.params, c.x, c.y);
        double h = 1e-5;
        for (int t = 0; t < c.params.length; t++) {
            for (int i = 0; i < c.params[t].length; i++) {
                double saved = c.params[t][i];
                c.params[t][i] = saved + h;
                double plus = c.reference.loss(c.params, c.x, c.y);
                c.params[t][i] = saved - h;
                double minus = c.reference.loss(c.params, c.x, c.y);
                c.params[t][i] = saved;
                double numeric = (plus - minus) / (2 * h);
                assertTrue(Math.abs(analytic[t][i] - numeric) <= 1e-7 + 1e-5 * Math.abs(numeric),
                        "tensor " + t + " element " + i + ": analytic " + analytic[t][i] + " vs numeric " + numeric);
            }
        }
        double expectedLoss = c.reference.loss(c.params, c.x, c.y);
        try (JavaBackend backend = new JavaBackend(2)) {
            DeviceNetwork net = new DeviceNetwork(backend, c.network(), BATCH);
            Tensor x = TestValues.upload(backend, c.x);
            Tensor y = TestValues.upload(backend, c.y);
            double[][] w = new double[BATCH][];
            for (int r = 0; r < BATCH; r++) {
                w[r] = new double[] {ROW_WEIGHTS[r]};
            }
            net.forward(x);
            double lossSum = net.backward(loss, x, y, TestValues.upload(backend, w));
            assertEquals(expectedLoss, lossSum / BATCH, 1e-5 * Math.max(1, Math.abs(expectedLoss)), "weighted loss");
            List<Parameter> params = net.parameters();
            for (int t = 0; t < params.size(); t++) {
                float[] actual = new float[params.get(t).gradient().size()];
                backend.read(params.get(t).gradient(), actual);
                double scale = 0;
                for (double g : analytic[t]) {
                    scale = Math.max(scale, Math.abs(g));
                }
                for (int i = 0; i < actual.length; i++) {
                    assertEquals(analytic[t][i], actual[i], 2e-4 * scale + 1e-6, params.get(t).name() + "[" + i + "]");
                }
            }
        }
    }

    /** Random parameters (float-representable, so both sides see the same values), inputs and targets. */
    private static final class Case {
        final int[] widths;
        final Activation[] acts;
        final boolean bias;
        final ReferenceNetwork reference;
        final double[][] params;
        final double[][] x;
        final double[][] y;
        final Loss loss;

        Case(int[] widths, Activation[] acts, boolean bias, Loss loss, long seed) {
            this(widths, acts, bias, loss, seed, BATCH);
        }

        Case(int[] widths, Activation[] acts, boolean bias, Loss loss, long seed, int batch) {
            this.widths = widths;
            this.loss = loss;
            this.acts = acts;
            this.bias = bias;
            boolean[] biasFlags = new boolean[acts.length];
            java.util.Arrays.fill(biasFlags, bias);
            reference = new ReferenceNetwork(widths, acts, biasFlags, loss);
            SplittableRandom random = new SplittableRandom(seed);
            List<double[]> p = new ArrayList<>();
            for (int l = 0; l < acts.length; l++) {
                p.add(TestValues.uniform(random, widths[l] * widths[l + 1], 0.8));
                if (bias) {
                    p.add(TestValues.uniform(random, widths[l + 1], 0.3));
                }
            }
            params = p.toArray(double[][]::new);
            x = new double[batch][];
            y = new double[batch][];
            int k = widths[widths.length - 1];
            for (int r = 0; r < batch; r++) {
                x[r] = TestValues.uniform(random, widths[0], 1.0);
                y[r] = new double[k];
                switch (loss) {
                    case BINARY_CROSSENTROPY -> {
                        for (int j = 0; j < k; j++) {
                            y[r][j] = random.nextBoolean() ? 1 : 0;
                        }
                    }
                    case CATEGORICAL_CROSSENTROPY -> y[r][random.nextInt(k)] = 1;
                    case MEAN_SQUARED_ERROR -> y[r] = TestValues.uniform(random, k, 1.0);
                }
            }
        }

        Network network() {
            List<Layer> layers = new ArrayList<>();
            int p = 0;
            for (int l = 0; l < acts.length; l++) {
                float[] w = TestValues.toFloat(params[p++]);
                float[] b = bias ? TestValues.toFloat(params[p++]) : new float[0];
                layers.add(new DenseLayer(widths[l], widths[l + 1], acts[l], bias, w, b));
            }
            return new Network(widths[0], layers);
        }
    }
}
