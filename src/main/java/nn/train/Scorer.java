package nn.train;

import nn.compute.Backend;
import nn.compute.Loss;
import nn.compute.Tensor;
import nn.data.Dataset;
import nn.network.DeviceNetwork;

/**
 * A data set resident on the device with batch buffers allocated once, for evaluating a network
 * over all rows, in order, without dropout: loss and accuracy (or RMSE).
 */
final class Scorer {
    private final Backend backend;
    private final Tensor allX;
    private final Tensor allY;
    private final Tensor x;
    private final Tensor y;
    private final int[] order;
    private final boolean classification;

    Scorer(Backend backend, Dataset data, int batch) {
        this.backend = backend;
        this.allX = upload(backend, data.x(), data.rows(), data.features());
        this.allY = upload(backend, data.y(), data.rows(), data.targets());
        this.x = backend.allocate(batch, data.features());
        this.y = backend.allocate(batch, data.targets());
        this.order = new int[data.rows()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        this.classification = data.isClassification();
    }

    Tensor allX() {
        return allX;
    }

    Tensor allY() {
        return allY;
    }

    /** Loss (without regularisation penalties) and accuracy or RMSE of {@code net}'s current parameters. */
    Evaluation evaluate(DeviceNetwork net, Loss loss) {
        return evaluate(net, loss, false);
    }

    /**
     * As {@link #evaluate(DeviceNetwork, Loss)}; when {@code detailed}, outputs also come back to
     * the host for the confusion matrix or the regression metrics (final evaluations only).
     */
    Evaluation evaluate(DeviceNetwork net, Loss loss, boolean detailed) {
        int n = order.length;
        double lossSum = 0;
        double quality = 0;
        int k = allY.cols();
        int classes = k == 1 ? 2 : k;
        int[][] confusion = classification && detailed ? new int[classes][classes] : null;
        RegressionMetrics.Sums sums = !classification && detailed ? new RegressionMetrics.Sums() : null;
        float[] out = detailed ? new float[x.rows() * k] : null;
        float[] target = detailed ? new float[x.rows() * k] : null;
        for (int from = 0; from < n; from += x.rows()) {
            int rows = Math.min(x.rows(), n - from);
            Tensor xv = x.withRows(rows);
            Tensor yv = y.withRows(rows);
            backend.gatherRows(allX, order, from, xv);
            backend.gatherRows(allY, order, from, yv);
            net.forward(xv);
            lossSum += net.loss(loss, yv);
            quality += classification ? backend.countCorrect(net.output(), yv) : backend.sumSquaredError(net.output(), yv);
            if (detailed) {
                backend.read(net.output(), out);
                backend.read(yv, target);
                for (int r = 0; r < rows; r++) {
                    if (confusion != null) {
                        confusion[predictedClass(target, r, k)][predictedClass(out, r, k)]++;
                    } else {
                        for (int j = r * k; j < (r + 1) * k; j++) {
                            sums.add(out[j], target[j]);
                        }
                    }
                }
            }
        }
        double metric = classification ? quality / n : Math.sqrt(quality / ((double) n * allY.cols()));
        return new Evaluation(n, lossSum / n, metric, classification,
                confusion == null ? null : new ConfusionMatrix(confusion), sums == null ? null : sums.result());
    }

    /** The class of row r: a 0.5 threshold for one output, else the argmax (as countCorrect). */
    private static int predictedClass(float[] v, int r, int k) {
        if (k == 1) {
            return v[r] >= 0.5f ? 1 : 0;
        }
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (v[r * k + j] > v[r * k + best]) {
                best = j;
            }
        }
        return best;
    }

    static Tensor upload(Backend backend, float[] values, int rows, int cols) {
        Tensor t = backend.allocate(rows, cols);
        backend.write(t, values);
        return t;
    }
}
