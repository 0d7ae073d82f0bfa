package nn.network;

import nn.compute.Activation;
import nn.compute.Loss;

/**
 * A plain double-precision dense network written independently of the backends, micrograd-style:
 * the loss as a function of the parameters, and its gradient by the seed's backprop equations.
 * Parameters are one flat array per tensor in the order W1, b1, W2, b2, ... (b only with bias).
 */
final class ReferenceNetwork {
    private final int[] widths;
    private final Activation[] activations;
    private final boolean[] bias;
    private final Loss loss;
    /** λ per layer: the loss adds λ·ΣW² (null: none). */
    private final double[] l2;
    /** Dropout masks per layer, masks[layer][row][unit] multiplying that layer's output (null: none). */
    private final double[][][] masks;
    /** Class weights gathered per row: row r's loss is multiplied by rowWeights[r] (null: all 1). */
    private double[] rowWeights;

    ReferenceNetwork(int[] widths, Activation[] activations, boolean[] bias, Loss loss) {
        this(widths, activations, bias, loss, null, null);
    }

    ReferenceNetwork(int[] widths, Activation[] activations, boolean[] bias, Loss loss, double[] l2,
                     double[][][] masks) {
        this.widths = widths;
        this.activations = activations;
        this.bias = bias;
        this.loss = loss;
        this.l2 = l2;
        this.masks = masks;
    }

    /** Weighs row r's loss by {@code weights[r]} from now on; the batch mean still divides by n. */
    ReferenceNetwork withRowWeights(double[] weights) {
        this.rowWeights = weights;
        return this;
    }

    private double weight(int row) {
        return rowWeights == null ? 1 : rowWeights[row];
    }

    /** The input of {@code layer}: the data, or the previous layer's output times its mask. */
    private double[][] inputOf(double[][][] cache, int layer) {
        double[][] a = cache[2 * layer];
        if (layer == 0 || masks == null || masks[layer - 1] == null) {
            return a;
        }
        double[][] masked = new double[a.length][];
        for (int r = 0; r < a.length; r++) {
            masked[r] = new double[a[r].length];
            for (int j = 0; j < a[r].length; j++) {
                masked[r][j] = a[r][j] * masks[layer - 1][r][j];
            }
        }
        return masked;
    }

    /** Σ λ_l·ΣW_l². */
    private double penalty(double[][] params) {
        if (l2 == null) {
            return 0;
        }
        double sum = 0;
        int p = 0;
        for (int layer = 0; layer < layers(); layer++) {
            for (double w : params[p]) {
                sum += l2[layer] * w * w;
            }
            p += bias[layer] ? 2 : 1;
        }
        return sum;
    }

    int layers() {
        return activations.length;
    }

    /** Batch-mean loss of rows x (n × widths[0]) against targets y (n × widths[last]). */
    double loss(double[][] params, double[][] x, double[][] y) {
        double[][][] cache = forward(params, x);
        double[][] out = cache[2 * layers()];
        double[][] z = cache[2 * layers() - 1];
        double total = 0;
        for (int r = 0; r < x.length; r++) {
            total += weight(r) * rowLoss(out[r], z[r], y[r]);
        }
        return total / x.length + penalty(params);
    }

    /** Gradients of {@link #loss} with respect to each parameter tensor, by backpropagation. */
    double[][] gradients(double[][] params, double[][] x, double[][] y) {
        int n = x.length;
        int l = layers();
        double[][][] cache = forward(params, x);
        double[][] grads = new double[params.length][];
        // delta_L = dJ/dZ_L for the output layer, from dJ/dA and the activation's Jacobian.
        double[][] delta = new double[n][];
        for (int r = 0; r < n; r++) {
            double[] a = cache[2 * l][r];
            double[] g = new double[a.length];
            for (int j = 0; j < a.length; j++) {
                g[j] = weight(r) * lossGradient(a[j], y[r][j], a.length) / n;
            }
            delta[r] = throughActivation(activations[l - 1], cache[2 * l - 1][r], a, g);
        }
        int p = params.length;
        for (int layer = l - 1; layer >= 0; layer--) {
            double[][] input = inputOf(cache, layer);
            int in = widths[layer];
            int out = widths[layer + 1];
            if (bias[layer]) {
                double[] db = new double[out];
                for (int r = 0; r < n; r++) {
                    for (int j = 0; j < out; j++) {
                        db[j] += delta[r][j];
                    }
                }
                grads[--p] = db;
            }
            double[] w = params[--p];
            double[] dw = new double[in * out];
            for (int r = 0; r < n; r++) {
                for (int i = 0; i < in; i++) {
                    for (int j = 0; j < out; j++) {
                        dw[i * out + j] += input[r][i] * delta[r][j];
                    }
                }
            }
            if (l2 != null) {
                for (int i = 0; i < dw.length; i++) {
                    dw[i] += 2 * l2[layer] * w[i];
                }
            }
            grads[p] = dw;
            if (layer > 0) {
                double[][] below = new double[n][in];
                for (int r = 0; r < n; r++) {
                    double[] g = new double[in];
                    for (int i = 0; i < in; i++) {
                        for (int j = 0; j < out; j++) {
                            g[i] += delta[r][j] * w[i * out + j];
                        }
                        if (masks != null && masks[layer - 1] != null) {
                            g[i] *= masks[layer - 1][r][i];
                        }
                    }
                    below[r] = throughActivation(activations[layer - 1], cache[2 * layer - 1][r], cache[2 * layer][r], g);
                }
                delta = below;
            }
        }
        return grads;
    }

    /** cache[0] = X1, cache[2l+1] = Z_{l+1}, cache[2l+2] = X_{l+2} = act(Z_{l+1}). */
    private double[][][] forward(double[][] params, double[][] x) {
        int l = layers();
        double[][][] cache = new double[2 * l + 1][][];
        cache[0] = x;
        int p = 0;
        for (int layer = 0; layer < l; layer++) {
            double[] w = params[p++];
            double[] b = bias[layer] ? params[p++] : null;
            int in = widths[layer];
            int out = widths[layer + 1];
            double[][] input = inputOf(cache, layer);
            double[][] z = new double[x.length][out];
            double[][] a = new double[x.length][];
            for (int r = 0; r < x.length; r++) {
                for (int j = 0; j < out; j++) {
                    double sum = b == null ? 0 : b[j];
                    for (int i = 0; i < in; i++) {
                        sum += input[r][i] * w[i * out + j];
                    }
                    z[r][j] = sum;
                }
                a[r] = activate(activations[layer], z[r]);
            }
            cache[2 * layer + 1] = z;
            cache[2 * layer + 2] = a;
        }
        return cache;
    }

    static double[] activate(Activation act, double[] z) {
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
                case LEAKY_RELU -> z[j] > 0 ? z[j] : 0.01 * z[j];
                case SIGMOID -> 1 / (1 + Math.exp(-z[j]));
                case TANH -> Math.tanh(z[j]);
                case SOFTMAX -> throw new AssertionError();
            };
        }
        return a;
    }

    /** dJ/dZ from dJ/dA: element-wise derivative, or the softmax Jacobian (symmetric) times g. */
    private static double[] throughActivation(Activation act, double[] z, double[] a, double[] g) {
        double[] d = new double[g.length];
        if (act == Activation.SOFTMAX) {
            for (int j = 0; j < g.length; j++) {
                for (int k = 0; k < g.length; k++) {
                    double jacobian = j == k ? a[j] * (1 - a[j]) : -a[j] * a[k];
                    d[j] += jacobian * g[k];
                }
            }
            return d;
        }
        for (int j = 0; j < g.length; j++) {
            double derivative = switch (act) {
                case LINEAR -> 1;
                case RELU -> z[j] > 0 ? 1 : 0;
                case LEAKY_RELU -> z[j] > 0 ? 1 : 0.01;
                case SIGMOID -> a[j] * (1 - a[j]);
                case TANH -> 1 - a[j] * a[j];
                case SOFTMAX -> throw new AssertionError();
            };
            d[j] = g[j] * derivative;
        }
        return d;
    }

    private double rowLoss(double[] a, double[] z, double[] y) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += switch (loss) {
                case BINARY_CROSSENTROPY -> -(y[j] * Math.log(a[j]) + (1 - y[j]) * Math.log(1 - a[j])) / a.length;
                case CATEGORICAL_CROSSENTROPY -> -y[j] * Math.log(a[j]);
                case MEAN_SQUARED_ERROR -> (a[j] - y[j]) * (a[j] - y[j]) / a.length;
            };
        }
        return sum;
    }

    private double lossGradient(double a, double y, int k) {
        return switch (loss) {
            case BINARY_CROSSENTROPY -> (a - y) / (a * (1 - a)) / k;
            case CATEGORICAL_CROSSENTROPY -> -y / a;
            case MEAN_SQUARED_ERROR -> 2 * (a - y) / k;
        };
    }
}
