package nn.network;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Supplier;
import nn.compute.Activation;
import nn.compute.ActivationFunction;
import nn.compute.Backend;
import nn.compute.Loss;
import nn.compute.Tensor;

/**
 * Compares a backend's backprop gradients with central finite differences of the same loss
 * computed in double precision, tensor by tensor, on a few samples.
 */
public final class GradientCheck {
    private static final double STEP = 1e-4;

    private GradientCheck() {
    }

    /**
     * One parameter tensor's result: the worst relative error |analytic − numeric| /
     * max(|analytic| + |numeric|, 1e-3 · the tensor's largest numeric gradient), and where it was,
     * over the entries whose ±step leaves every ReLU / leaky-ReLU unit on the same side of zero.
     * The others ({@code kinkEntries}) are skipped: a finite difference across a kink averages the
     * two one-sided slopes (half of ReLU's 1 at z = 0 exactly), which no backprop reproduces.
     */
    public record TensorResult(String name, int rows, int cols, double worstRelativeError, int worstIndex,
                               double analytic, double numeric, int kinkEntries) {
    }

    /** The loss at one parameter setting and which kinked units (ReLU, leaky ReLU) had z > 0. */
    private record Probe(double loss, BitSet positive) {
    }

    /** Checks every parameter of {@code network} on {@code rows} samples x (rows × inputs), y (rows × outputs). */
    public static List<TensorResult> run(Backend backend, Network network, Loss loss, float[] x, float[] y, int rows) {
        DeviceNetwork device = new DeviceNetwork(backend, network, rows);
        Tensor xt = backend.allocate(rows, network.inputs());
        Tensor yt = backend.allocate(rows, network.outputs());
        backend.write(xt, x);
        backend.write(yt, y);
        // Training mode (batch_norm with the batch's statistics), without dropout.
        device.forward(xt, null);
        device.backward(loss, xt, yt);
        List<double[]> params = parameters(network);
        List<TensorResult> results = new ArrayList<>();
        for (int t = 0; t < params.size(); t++) {
            Parameter p = device.parameters().get(t);
            float[] analytic = new float[p.gradient().size()];
            backend.read(p.gradient(), analytic);
            results.add(compare(p, analytic, params.get(t), () -> loss(network, params, loss, x, y, rows)));
        }
        return results;
    }

    /** Every layer's parameters in double, in the device network's order (W1, b1, gamma2, beta2, ...). */
    private static List<double[]> parameters(Network network) {
        List<double[]> params = new ArrayList<>();
        for (Layer layer : network.layers()) {
            if (layer instanceof DenseLayer dense) {
                params.add(toDouble(dense.weights()));
                if (dense.hasBias()) {
                    params.add(toDouble(dense.biases()));
                }
            } else if (layer instanceof EmbeddingLayer e) {
                for (float[] table : e.tables()) {
                    params.add(toDouble(table));
                }
            } else {
                BatchNormLayer bn = (BatchNormLayer) layer;
                params.add(toDouble(bn.gamma()));
                params.add(toDouble(bn.beta()));
            }
        }
        return params;
    }

    /**
     * Central differences of {@code probe} over each entry of {@code values} (which it reads),
     * against the analytic gradient; entries whose ±step crosses a kink are skipped and counted.
     */
    private static TensorResult compare(Parameter p, float[] analytic, double[] values, Supplier<Probe> probe) {
        double[] numeric = new double[values.length];
        boolean[] kink = new boolean[values.length];
        int kinks = 0;
        double largest = 0;
        for (int i = 0; i < values.length; i++) {
            double saved = values[i];
            values[i] = saved + STEP;
            Probe plus = probe.get();
            values[i] = saved - STEP;
            Probe minus = probe.get();
            values[i] = saved;
            numeric[i] = (plus.loss() - minus.loss()) / (2 * STEP);
            kink[i] = !plus.positive().equals(minus.positive());
            if (kink[i]) {
                kinks++;
            } else {
                largest = Math.max(largest, Math.abs(numeric[i]));
            }
        }
        double worst = 0;
        int worstIndex = 0;
        for (int i = 0; i < values.length; i++) {
            if (kink[i]) {
                continue;
            }
            double scale = Math.max(Math.abs(analytic[i]) + Math.abs(numeric[i]), Math.max(1e-3 * largest, 1e-12));
            double error = Math.abs(analytic[i] - numeric[i]) / scale;
            if (error > worst) {
                worst = error;
                worstIndex = i;
            }
        }
        return new TensorResult(p.name(), p.value().rows(), p.value().cols(), worst, worstIndex,
                analytic[worstIndex], numeric[worstIndex], kinks);
    }

    /**
     * The batch-mean loss in double precision, parameters taken from {@code params} (W1, b1,
     * gamma2, beta2, ...); batch_norm normalises with the batch's own (biased) statistics. The
     * probe also records which ReLU-like pre-activations are positive, to spot kinks.
     */
    private static Probe loss(Network network, List<double[]> params, Loss loss, float[] x, float[] y, int rows) {
        int p = 0;
        double[][] current = new double[rows][];
        for (int r = 0; r < rows; r++) {
            current[r] = new double[network.inputs()];
            for (int i = 0; i < network.inputs(); i++) {
                current[r][i] = x[r * network.inputs() + i];
            }
        }
        BitSet positive = new BitSet();
        int unit = 0;
        for (Layer any : network.layers()) {
            if (any instanceof EmbeddingLayer e) {
                current = embed(current, e, params.subList(p, p + e.columns()));
                p += e.columns();
                continue;
            }
            if (any instanceof BatchNormLayer bn) {
                current = batchNorm(current, params.get(p), params.get(p + 1), bn.epsilon());
                p += 2;
                continue;
            }
            DenseLayer layer = (DenseLayer) any;
            boolean kinked = layer.activation() == Activation.RELU || layer.activation() == Activation.LEAKY_RELU;
            double[] w = params.get(p++);
            double[] b = layer.hasBias() ? params.get(p++) : null;
            double[][] z = new double[rows][layer.units()];
            double[][] a = new double[rows][];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < layer.units(); j++) {
                    double sum = b == null ? 0 : b[j];
                    for (int i = 0; i < layer.inputs(); i++) {
                        sum += current[r][i] * w[i * layer.units() + j];
                    }
                    z[r][j] = sum;
                    if (kinked && sum > 0) {
                        positive.set(unit + r * layer.units() + j);
                    }
                }
                a[r] = activate(layer.activation(), z[r]);
            }
            current = a;
            unit += kinked ? rows * layer.units() : 0;
        }
        int k = network.outputs();
        double total = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                double target = y[r * k + j];
                double out = current[r][j];
                total += switch (loss) {
                    case BINARY_CROSSENTROPY -> -(target * Math.log(out) + (1 - target) * Math.log(1 - out)) / k;
                    case CATEGORICAL_CROSSENTROPY -> target == 0 ? 0 : -target * Math.log(out);
                    case MEAN_SQUARED_ERROR -> (out - target) * (out - target) / k;
                };
            }
        }
        return new Probe(total / rows, positive);
    }

    /** The numeric columns, then each id's table row (an id outside the table reads row 0). */
    private static double[][] embed(double[][] x, EmbeddingLayer layer, List<double[]> tables) {
        int[] vocab = layer.vocabularies();
        int[] dims = layer.dims();
        double[][] out = new double[x.length][layer.outputs()];
        for (int r = 0; r < x.length; r++) {
            System.arraycopy(x[r], 0, out[r], 0, layer.numeric());
            for (int c = 0; c < dims.length; c++) {
                int id = Backend.embeddingId((float) x[r][layer.numeric() + c], vocab[c]);
                System.arraycopy(tables.get(c), id * dims[c], out[r], layer.outputColumn(c), dims[c]);
            }
        }
        return out;
    }

    private static double[][] batchNorm(double[][] x, double[] gamma, double[] beta, double epsilon) {
        int rows = x.length;
        int cols = gamma.length;
        double[][] out = new double[rows][cols];
        for (int j = 0; j < cols; j++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[j];
            }
            mean /= rows;
            double variance = 0;
            for (double[] row : x) {
                variance += (row[j] - mean) * (row[j] - mean);
            }
            variance /= rows;
            double inv = 1 / Math.sqrt(variance + epsilon);
            for (int r = 0; r < rows; r++) {
                out[r][j] = gamma[j] * (x[r][j] - mean) * inv + beta[j];
            }
        }
        return out;
    }

    private static double[] activate(ActivationFunction act, double[] z) {
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
        if (!(act instanceof Activation builtin)) {
            for (int j = 0; j < z.length; j++) {
                a[j] = act.apply((float) z[j]); // a custom activation is defined in float only
            }
            return a;
        }
        for (int j = 0; j < z.length; j++) {
            a[j] = switch (builtin) {
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

    private static double[] toDouble(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return d;
    }
}
