package nn.compute.parity;

import nn.compute.Activation;
import nn.compute.ActivationFunction;
import nn.compute.Backend;
import nn.compute.Loss;
import nn.compute.Tensor;

/**
 * The plain reference the backend contract test measures every backend against: naive loops, each
 * op computed in double from its float inputs and rounded to float once when stored, so that only
 * the op under test differs. Element-wise activation values and slopes come from
 * {@link Activation}, the one definition every backend shares; softmax, losses and sums are
 * written out here in double. Slow on purpose: only the parity suite (the contract tests and {@code nn selftest}) uses it.
 */
public final class ReferenceBackend implements Backend {
    /** The clipping bounds of a probability, as float values (1 − ε rounds to 0.99999988f in float). */
    private static final double LO = Loss.EPSILON;
    private static final double HI = 1f - Loss.EPSILON;

    /** A float matrix on the heap; a view shares the array. */
    private record Matrix(float[] data, int rows, int cols) implements Tensor {
        @Override
        public Tensor withRows(int newRows) {
            if (newRows < 0 || newRows * cols > data.length) {
                throw new IllegalArgumentException("view of " + newRows + " rows");
            }
            return new Matrix(data, newRows, cols);
        }
    }

    private static float[] d(Tensor t) {
        return ((Matrix) t).data();
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public Tensor allocate(int rows, int cols) {
        return new Matrix(new float[rows * cols], rows, cols);
    }

    @Override
    public void write(Tensor dst, float[] src) {
        System.arraycopy(src, 0, d(dst), 0, dst.size());
    }

    @Override
    public void read(Tensor src, float[] dst) {
        System.arraycopy(d(src), 0, dst, 0, src.size());
    }

    @Override
    public void gatherRows(Tensor src, int[] indices, int offset, Tensor dst) {
        for (int r = 0; r < dst.rows(); r++) {
            for (int j = 0; j < dst.cols(); j++) {
                d(dst)[r * dst.cols() + j] = d(src)[indices[offset + r] * src.cols() + j];
            }
        }
    }

    @Override
    public void copyColumns(Tensor src, int srcColumn, int count, Tensor dst, int dstColumn) {
        for (int r = 0; r < dst.rows(); r++) {
            for (int j = 0; j < count; j++) {
                d(dst)[r * dst.cols() + dstColumn + j] = d(src)[r * src.cols() + srcColumn + j];
            }
        }
    }

    @Override
    public void embeddingForward(Tensor x, int idColumn, Tensor table, Tensor out, int outColumn) {
        for (int r = 0; r < out.rows(); r++) {
            int id = Backend.embeddingId(d(x)[r * x.cols() + idColumn], table.rows());
            for (int k = 0; k < table.cols(); k++) {
                d(out)[r * out.cols() + outColumn + k] = d(table)[id * table.cols() + k];
            }
        }
    }

    /** Summed in double, rows in order, per table cell. */
    @Override
    public void embeddingBackward(Tensor x, int idColumn, Tensor delta, int deltaColumn, Tensor tableGrad) {
        int dim = tableGrad.cols();
        double[] sums = new double[tableGrad.size()];
        for (int r = 0; r < delta.rows(); r++) {
            int id = Backend.embeddingId(d(x)[r * x.cols() + idColumn], tableGrad.rows());
            for (int k = 0; k < dim; k++) {
                sums[id * dim + k] += d(delta)[r * delta.cols() + deltaColumn + k];
            }
        }
        for (int i = 0; i < sums.length; i++) {
            d(tableGrad)[i] = (float) sums[i];
        }
    }

    @Override
    public void gemm(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        int m = c.rows();
        int n = c.cols();
        int k = transposeA ? a.rows() : a.cols();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double av = transposeA ? d(a)[p * m + i] : d(a)[i * k + p];
                    double bv = transposeB ? d(b)[j * k + p] : d(b)[p * n + j];
                    sum += av * bv;
                }
                d(c)[i * n + j] = (float) sum;
            }
        }
    }

    @Override
    public void biasActivation(Tensor z, Tensor bias, ActivationFunction act, Tensor out) {
        float[] zd = d(z);
        int cols = z.cols();
        if (bias != null) {
            for (int i = 0; i < z.size(); i++) {
                zd[i] = zd[i] + d(bias)[i % cols];
            }
        }
        for (int r = 0; r < z.rows(); r++) {
            if (act == Activation.SOFTMAX) {
                double[] s = softmax(zd, r * cols, cols);
                for (int j = 0; j < cols; j++) {
                    d(out)[r * cols + j] = (float) s[j];
                }
            } else {
                for (int j = r * cols; j < (r + 1) * cols; j++) {
                    d(out)[j] = act.apply(zd[j]);
                }
            }
        }
    }

    private static double[] softmax(float[] z, int o, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            max = Math.max(max, z[o + j]);
        }
        double[] e = new double[cols];
        double sum = 0;
        for (int j = 0; j < cols; j++) {
            e[j] = Math.exp(z[o + j] - max);
            sum += e[j];
        }
        for (int j = 0; j < cols; j++) {
            e[j] /= sum;
        }
        return e;
    }

    @Override
    public void activationBackward(Tensor delta, Tensor z, Tensor out, ActivationFunction act) {
        int cols = delta.cols();
        for (int r = 0; r < delta.rows(); r++) {
            if (act == Activation.SOFTMAX) {
                double[] g = jacobianProduct(toDouble(d(delta), r * cols, cols), d(out), r * cols, 1);
                store(g, d(delta), r * cols);
            } else {
                for (int j = r * cols; j < (r + 1) * cols; j++) {
                    d(delta)[j] = (float) ((double) d(delta)[j] * act.derivative(d(z)[j], d(out)[j]));
                }
            }
        }
    }

    /** scale · s ∗ (g − g·s) over one row. */
    private static double[] jacobianProduct(double[] g, float[] s, int o, double scale) {
        double dot = 0;
        for (int j = 0; j < g.length; j++) {
            dot += g[j] * s[o + j];
        }
        double[] r = new double[g.length];
        for (int j = 0; j < g.length; j++) {
            r[j] = scale * s[o + j] * (g[j] - dot);
        }
        return r;
    }

    private static double[] toDouble(float[] v, int o, int n) {
        double[] r = new double[n];
        for (int j = 0; j < n; j++) {
            r[j] = v[o + j];
        }
        return r;
    }

    private static void store(double[] v, float[] dst, int o) {
        for (int j = 0; j < v.length; j++) {
            dst[o + j] = (float) v[j];
        }
    }

    @Override
    public double outputDelta(Loss loss, ActivationFunction act, Tensor z, Tensor out, Tensor y, Tensor delta,
                              Tensor rowWeights) {
        int rows = out.rows();
        int cols = out.cols();
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double w = rowWeights == null ? 1 : d(rowWeights)[r];
            double[] g = new double[cols];
            double rowLoss = 0;
            if (act == Activation.SIGMOID && loss == Loss.BINARY_CROSSENTROPY) {
                for (int j = 0; j < cols; j++) {
                    double zj = d(z)[o + j];
                    double yj = d(y)[o + j];
                    rowLoss += (Math.max(zj, 0) - zj * yj + Math.log1p(Math.exp(-Math.abs(zj)))) / cols;
                    g[j] = (d(out)[o + j] - yj) / ((double) rows * cols);
                }
            } else if (act == Activation.SOFTMAX && loss == Loss.CATEGORICAL_CROSSENTROPY) {
                double[] s = softmax(d(z), o, cols);
                for (int j = 0; j < cols; j++) {
                    double yj = d(y)[o + j];
                    rowLoss -= yj == 0 ? 0 : yj * Math.log(s[j]);
                    g[j] = (d(out)[o + j] - yj) / rows;
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    rowLoss += elementLoss(loss, d(out)[o + j], d(y)[o + j], cols);
                    g[j] = elementGradient(loss, d(out)[o + j], d(y)[o + j], cols);
                }
                if (act == Activation.SOFTMAX) {
                    g = jacobianProduct(g, d(out), o, 1.0 / rows);
                } else {
                    for (int j = 0; j < cols; j++) {
                        g[j] *= act.derivative(d(z)[o + j], d(out)[o + j]) / (double) rows;
                    }
                }
            }
            for (int j = 0; j < cols; j++) {
                g[j] *= w;
            }
            store(g, d(delta), o);
            total += w * rowLoss;
        }
        return total;
    }

    private static double clip(double a) {
        return Math.min(Math.max(a, LO), HI);
    }

    private static double elementLoss(Loss loss, double a, double y, int cols) {
        return switch (loss) {
            case BINARY_CROSSENTROPY -> -(y * Math.log(clip(a)) + (1 - y) * Math.log(1 - clip(a))) / cols;
            case CATEGORICAL_CROSSENTROPY -> y == 0 ? 0 : -y * Math.log(clip(a));
            case MEAN_SQUARED_ERROR -> (a - y) * (a - y) / cols;
        };
    }

    private static double elementGradient(Loss loss, double a, double y, int cols) {
        return switch (loss) {
            case BINARY_CROSSENTROPY -> (a - y) / (clip(a) * (1 - clip(a))) / cols;
            case CATEGORICAL_CROSSENTROPY -> -y / clip(a);
            case MEAN_SQUARED_ERROR -> 2 * (a - y) / cols;
        };
    }

    @Override
    public void columnSums(Tensor m, Tensor out) {
        for (int j = 0; j < m.cols(); j++) {
            double sum = 0;
            for (int r = 0; r < m.rows(); r++) {
                sum += d(m)[r * m.cols() + j];
            }
            d(out)[j] = (float) sum;
        }
    }

    @Override
    public int countCorrect(Tensor out, Tensor y) {
        int cols = out.cols();
        int correct = 0;
        for (int r = 0; r < out.rows(); r++) {
            int o = r * cols;
            boolean hit = cols == 1 ? (d(out)[o] >= 0.5f) == (d(y)[o] >= 0.5f)
                    : argmax(d(out), o, cols) == argmax(d(y), o, cols);
            correct += hit ? 1 : 0;
        }
        return correct;
    }

    /** The first index of the row's largest value. */
    private static int argmax(float[] v, int o, int cols) {
        int best = 0;
        for (int j = 1; j < cols; j++) {
            best = v[o + j] > v[o + best] ? j : best;
        }
        return best;
    }

    @Override
    public double sumSquaredError(Tensor out, Tensor y) {
        double sum = 0;
        for (int i = 0; i < out.size(); i++) {
            double e = (double) d(out)[i] - d(y)[i];
            sum += e * e;
        }
        return sum;
    }

    @Override
    public void sgdStep(Tensor param, Tensor grad, float learningRate) {
        for (int i = 0; i < param.size(); i++) {
            d(param)[i] = (float) (d(param)[i] - (double) learningRate * d(grad)[i]);
        }
    }

    @Override
    public void momentumStep(Tensor param, Tensor grad, Tensor velocity, float learningRate, float momentum,
                             boolean nesterov) {
        for (int i = 0; i < param.size(); i++) {
            double g = d(grad)[i];
            double v = (double) momentum * d(velocity)[i] - learningRate * g;
            d(velocity)[i] = (float) v;
            d(param)[i] = (float) (d(param)[i] + (nesterov ? momentum * v - learningRate * g : v));
        }
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float stepSize, float beta1, float beta2,
                         float epsilon, float decay) {
        for (int i = 0; i < param.size(); i++) {
            double g = d(grad)[i];
            double mi = beta1 * (double) d(m)[i] + (1 - (double) beta1) * g;
            double vi = beta2 * (double) d(v)[i] + (1 - (double) beta2) * g * g;
            d(m)[i] = (float) mi;
            d(v)[i] = (float) vi;
            double p = d(param)[i];
            d(param)[i] = (float) (p - decay * p - stepSize * mi / (Math.sqrt(vi) + epsilon));
        }
    }

    @Override
    public void addScaled(Tensor dst, Tensor src, float alpha) {
        for (int i = 0; i < dst.size(); i++) {
            d(dst)[i] = (float) (d(dst)[i] + (double) alpha * d(src)[i]);
        }
    }

    @Override
    public double sumOfSquares(Tensor t) {
        double sum = 0;
        for (int i = 0; i < t.size(); i++) {
            sum += (double) d(t)[i] * d(t)[i];
        }
        return sum;
    }

    @Override
    public void scale(Tensor t, float factor) {
        for (int i = 0; i < t.size(); i++) {
            d(t)[i] = (float) ((double) factor * d(t)[i]);
        }
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor dst) {
        for (int i = 0; i < dst.size(); i++) {
            d(dst)[i] = (float) ((double) d(a)[i] * d(b)[i]);
        }
    }

    @Override
    public void columnMoments(Tensor x, Tensor mean, Tensor variance) {
        throw new UnsupportedOperationException("the contract test computes batch-norm references itself");
    }

    @Override
    public void batchNormForward(Tensor x, Tensor mean, Tensor variance, Tensor gamma, Tensor beta, float epsilon,
                                 Tensor xHat, Tensor out) {
        throw new UnsupportedOperationException("the contract test computes batch-norm references itself");
    }

    @Override
    public void batchNormBackward(Tensor delta, Tensor xHat, Tensor variance, Tensor gamma, float epsilon,
                                  Tensor gammaGrad, Tensor betaGrad, Tensor deltaIn) {
        throw new UnsupportedOperationException("the contract test computes batch-norm references itself");
    }

    @Override
    public void close() {
        // nothing held
    }
}
