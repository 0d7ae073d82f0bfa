package nn.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * batch_norm in backprop: 4 → dense(act, L2, dropout with fixed masks) → batch_norm → dense(act)
 * → batch_norm → dense(softmax, L2) with categorical cross-entropy, for every hidden activation,
 * with and without regularisation. The float backend's gradients (training mode: batch statistics)
 * are compared with central finite differences (h = 1e-5) of a double-precision forward pass
 * written out here; tolerance |float − numeric| ≤ 5e-4 · max|numeric| of the tensor + 1e-6.
 */
class BatchNormGradientTest {
    private static final int BATCH = 7;
    private static final int[] WIDTHS = {4, 6, 5, 3};
    private static final float RATE = 0.3f;
    private static final float EPSILON = 0.001f;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Activation hidden : Activation.values()) {
            cases.add(Arguments.of(hidden, false));
            cases.add(Arguments.of(hidden, true));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} regularised={1}")
    @MethodSource("cases")
    void floatGradientsMatchFiniteDifferences(Activation hidden, boolean regularised) {
        SplittableRandom random = new SplittableRandom(hidden.ordinal() * 2L + (regularised ? 1 : 0));
        // W1, b1, γ2, β2, W3, b3, γ4, β4, W5, b5
        double[][] params = new double[10][];
        for (int l = 0; l < 3; l++) {
            params[4 * l] = TestValues.uniform(random, WIDTHS[l] * WIDTHS[l + 1], 0.8);
            params[4 * l + 1] = TestValues.uniform(random, WIDTHS[l + 1], 0.3);
            if (l < 2) {
                params[4 * l + 2] = shifted(TestValues.uniform(random, WIDTHS[l + 1], 0.5), 1);
                params[4 * l + 3] = TestValues.uniform(random, WIDTHS[l + 1], 0.3);
            }
        }
        double[][] x = new double[BATCH][];
        double[][] y = new double[BATCH][3];
        for (int r = 0; r < BATCH; r++) {
            x[r] = TestValues.uniform(random, 4, 1.5);
            y[r][random.nextInt(3)] = 1;
        }
        double[][] mask = new double[BATCH][WIDTHS[1]];
        for (double[] row : mask) {
            for (int j = 0; j < row.length; j++) {
                row[j] = !regularised ? 1 : random.nextDouble() < RATE ? 0 : 1f / (1 - RATE);
            }
        }
        double[] l2 = regularised ? new double[] {0.01, 0, 0.05} : new double[3];
        Activation[] acts = {hidden, hidden, Activation.SOFTMAX};

        try (JavaBackend backend = new JavaBackend(2)) {
            List<Regularization> regs = List.of(new Regularization((float) l2[0], regularised ? RATE : 0f),
                    Regularization.NONE, new Regularization((float) l2[1], 0f), Regularization.NONE,
                    new Regularization((float) l2[2], 0f));
            DeviceNetwork net = new DeviceNetwork(backend, network(params, acts), BATCH, regs);
            DropoutMasks fixed = (layer, rate, m, count) -> {
                for (int i = 0; i < count; i++) {
                    m[i] = (float) mask[i / WIDTHS[1]][i % WIDTHS[1]];
                }
            };
            Tensor xt = TestValues.upload(backend, x);
            Tensor yt = TestValues.upload(backend, y);
            net.forward(xt, fixed);
            double lossSum = net.backward(Loss.CATEGORICAL_CROSSENTROPY, xt, yt);
            assertEquals(loss(params, acts, l2, mask, x, y), lossSum / BATCH, 1e-5, "loss");
            List<Parameter> ps = net.parameters();
            assertEquals(params.length, ps.size());
            double h = 1e-5;
            for (int t = 0; t < params.length; t++) {
                double[] numeric = new double[params[t].length];
                double scale = 0;
                for (int i = 0; i < numeric.length; i++) {
                    double saved = params[t][i];
                    params[t][i] = saved + h;
                    double plus = loss(params, acts, l2, mask, x, y);
                    params[t][i] = saved - h;
                    double minus = loss(params, acts, l2, mask, x, y);
                    params[t][i] = saved;
                    numeric[i] = (plus - minus) / (2 * h);
                    scale = Math.max(scale, Math.abs(numeric[i]));
                }
                float[] actual = new float[ps.get(t).gradient().size()];
                backend.read(ps.get(t).gradient(), actual);
                for (int i = 0; i < actual.length; i++) {
                    assertEquals(numeric[i], actual[i], 5e-4 * scale + 1e-6, ps.get(t).name() + "[" + i + "]");
                }
            }
        }
    }

    private static double[] shifted(double[] v, double by) {
        for (int i = 0; i < v.length; i++) {
            v[i] += by;
        }
        return v;
    }

    private static Network network(double[][] p, Activation[] acts) {
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < 3; l++) {
            layers.add(new DenseLayer(WIDTHS[l], WIDTHS[l + 1], acts[l], true, TestValues.toFloat(p[4 * l]),
                    TestValues.toFloat(p[4 * l + 1])));
            if (l < 2) {
                int w = WIDTHS[l + 1];
                float[] ones = new float[w];
                java.util.Arrays.fill(ones, 1f);
                layers.add(new BatchNormLayer(w, 0.99f, EPSILON, TestValues.toFloat(p[4 * l + 2]),
                        TestValues.toFloat(p[4 * l + 3]), new float[w], ones));
            }
        }
        return new Network(WIDTHS[0], layers);
    }

    /** Batch-mean cross-entropy plus Σ λ·ΣW², in double, batch_norm with the batch's biased statistics. */
    private static double loss(double[][] p, Activation[] acts, double[] l2, double[][] mask, double[][] x, double[][] y) {
        double[][] a = x;
        double penalty = 0;
        for (int l = 0; l < 3; l++) {
            a = dense(a, p[4 * l], p[4 * l + 1], WIDTHS[l + 1], acts[l]);
            for (double w : p[4 * l]) {
                penalty += l2[l] * w * w;
            }
            if (l == 0) {
                for (int r = 0; r < BATCH; r++) {
                    for (int j = 0; j < a[r].length; j++) {
                        a[r][j] *= mask[r][j];
                    }
                }
            }
            if (l < 2) {
                a = batchNorm(a, p[4 * l + 2], p[4 * l + 3]);
            }
        }
        double total = 0;
        for (int r = 0; r < BATCH; r++) {
            for (int j = 0; j < 3; j++) {
                total -= y[r][j] == 0 ? 0 : y[r][j] * Math.log(a[r][j]);
            }
        }
        return total / BATCH + penalty;
    }

    private static double[][] dense(double[][] in, double[] w, double[] b, int units, Activation act) {
        double[][] out = new double[in.length][units];
        for (int r = 0; r < in.length; r++) {
            for (int j = 0; j < units; j++) {
                double z = b[j];
                for (int i = 0; i < in[r].length; i++) {
                    z += in[r][i] * w[i * units + j];
                }
                out[r][j] = z;
            }
            out[r] = activate(act, out[r]);
        }
        return out;
    }

    private static double[] activate(Activation act, double[] z) {
        double[] a = new double[z.length];
        if (act == Activation.SOFTMAX) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int j = 0; j < z.length; j++) {
                a[j] = Math.exp(z[j] - max);
                sum += a[j];
            }
            for (int j = 0; j < z.length; j++) {
                a[j] /= sum;
            }
            return a;
        }
        for (int j = 0; j < z.length; j++) {
            a[j] = switch (act) {
                case LINEAR -> z[j];
                case RELU -> Math.max(z[j], 0);
                case LEAKY_RELU -> z[j] > 0 ? z[j] : Activation.LEAKY_SLOPE * z[j];
                case SIGMOID -> 1 / (1 + Math.exp(-z[j]));
                case TANH -> Math.tanh(z[j]);
                case SOFTMAX -> throw new IllegalStateException("handled above");
            };
        }
        return a;
    }

    private static double[][] batchNorm(double[][] x, double[] gamma, double[] beta) {
        int rows = x.length;
        double[][] out = new double[rows][gamma.length];
        for (int j = 0; j < gamma.length; j++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[j] / rows;
            }
            double var = 0;
            for (double[] row : x) {
                var += (row[j] - mean) * (row[j] - mean) / rows;
            }
            for (int r = 0; r < rows; r++) {
                out[r][j] = gamma[j] * (x[r][j] - mean) / Math.sqrt(var + EPSILON) + beta[j];
            }
        }
        return out;
    }
}
