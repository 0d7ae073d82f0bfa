package nn.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nn.compute.Activation;
import nn.compute.Loss;
import nn.compute.Tensor;
import nn.compute.java.JavaBackend;
import org.junit.jupiter.api.Test;

/**
 * Dropout (with fixed masks) and L2 in backprop: the double reference against finite differences,
 * and the float backend against the reference, with the tolerances of {@link GradientCheckTest}.
 */
class RegularizationGradientTest {
    private static final int BATCH = 6;
    private static final int[] WIDTHS = {4, 6, 5, 3};
    private static final Activation[] ACTS = {Activation.TANH, Activation.RELU, Activation.SOFTMAX};
    private static final double[] L2 = {0.01, 0, 0.05};
    private static final float RATE = 0.4f;

    private final SplittableRandom random = new SplittableRandom(5);
    private final double[][] params = new double[6][];
    private final double[][] x = new double[BATCH][];
    private final double[][] y = new double[BATCH][3];
    /** masks[layer][row][unit]: 0 or 1/(1 − rate) in float, for the two hidden layers; none on the output. */
    private final double[][][] masks = new double[3][][];

    RegularizationGradientTest() {
        for (int l = 0; l < 3; l++) {
            params[2 * l] = TestValues.uniform(random, WIDTHS[l] * WIDTHS[l + 1], 0.8);
            params[2 * l + 1] = TestValues.uniform(random, WIDTHS[l + 1], 0.3);
        }
        for (int r = 0; r < BATCH; r++) {
            x[r] = TestValues.uniform(random, 4, 1.0);
            y[r][random.nextInt(3)] = 1;
        }
        for (int l = 0; l < 2; l++) {
            masks[l] = new double[BATCH][WIDTHS[l + 1]];
            for (double[] row : masks[l]) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = random.nextDouble() < RATE ? 0 : 1f / (1 - RATE);
                }
            }
        }
    }

    private ReferenceNetwork reference() {
        return new ReferenceNetwork(WIDTHS, ACTS, new boolean[] {true, true, true}, Loss.CATEGORICAL_CROSSENTROPY,
                L2, masks);
    }

    @Test
    void referenceMatchesFiniteDifferences() {
        ReferenceNetwork reference = reference();
        double[][] analytic = reference.gradients(params, x, y);
        double h = 1e-5;
        for (int t = 0; t < params.length; t++) {
            for (int i = 0; i < params[t].length; i++) {
                double saved = params[t][i];
                params[t][i] = saved + h;
                double plus = reference.loss(params, x, y);
                params[t][i] = saved - h;
                double minus = reference.loss(params, x, y);
                params[t][i] = saved;
                double numeric = (plus - minus) / (2 * h);
                assertTrue(Math.abs(analytic[t][i] - numeric) <= 1e-7 + 1e-5 * Math.abs(numeric),
                        "tensor " + t + " element " + i + ": analytic " + analytic[t][i] + " vs numeric " + numeric);
            }
        }
    }

    @Test
    void floatBackendMatchesReference() {
        ReferenceNetwork reference = reference();
        double[][] expected = reference.gradients(params, x, y);
        double expectedLoss = reference.loss(params, x, y);
        List<Regularization> regs = List.of(new Regularization((float) L2[0], RATE),
                new Regularization((float) L2[1], RATE), new Regularization((float) L2[2], 0f));
        DropoutMasks fixed = (layer, rate, mask, count) -> {
            assertEquals(RATE, rate);
            for (int i = 0; i < count; i++) {
                mask[i] = (float) masks[layer][i / WIDTHS[layer + 1]][i % WIDTHS[layer + 1]];
            }
        };
        try (JavaBackend backend = new JavaBackend(2)) {
            DeviceNetwork net = new DeviceNetwork(backend, network(), BATCH, regs);
            Tensor xt = TestValues.upload(backend, x);
            Tensor yt = TestValues.upload(backend, y);
            net.forward(xt, fixed);
            double lossSum = net.backward(Loss.CATEGORICAL_CROSSENTROPY, xt, yt);
            assertEquals(expectedLoss, lossSum / BATCH, 1e-5 * Math.max(1, Math.abs(expectedLoss)), "loss");
            List<Parameter> ps = net.parameters();
            for (int t = 0; t < ps.size(); t++) {
                float[] actual = new float[ps.get(t).gradient().size()];
                backend.read(ps.get(t).gradient(), actual);
                double scale = 0;
                for (double g : expected[t]) {
                    scale = Math.max(scale, Math.abs(g));
                }
                for (int i = 0; i < actual.length; i++) {
                    assertEquals(expected[t][i], actual[i], 2e-4 * scale + 1e-6, ps.get(t).name() + "[" + i + "]");
                }
            }
            // Evaluation ignores dropout: the output equals the plain forward pass of the reference without masks.
            float[] out = new float[BATCH * 3];
            backend.read(net.forward(xt), out);
            ReferenceNetwork plain = new ReferenceNetwork(WIDTHS, ACTS, new boolean[] {true, true, true},
                    Loss.CATEGORICAL_CROSSENTROPY);
            assertEquals(plain.loss(params, x, y), net.loss(Loss.CATEGORICAL_CROSSENTROPY, yt) / BATCH, 1e-5);
        }
    }

    private Network network() {
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < 3; l++) {
            layers.add(new DenseLayer(WIDTHS[l], WIDTHS[l + 1], ACTS[l], true, TestValues.toFloat(params[2 * l]),
                    TestValues.toFloat(params[2 * l + 1])));
        }
        return new Network(WIDTHS[0], layers);
    }

}
