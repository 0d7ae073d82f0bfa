package nn.network;

import java.util.List;
import nn.compute.Backend;
import nn.compute.Tensor;

/**
 * A batch_norm layer on a backend: γ, β and their gradients, the running statistics, the batch's
 * statistics and x̂ kept from the training forward pass for backward.
 */
final class DeviceBatchNorm extends DeviceLayer {
    private final BatchNormLayer shape;
    private final Tensor gamma;
    private final Tensor gammaGrad;
    private final Tensor beta;
    private final Tensor betaGrad;
    private final Tensor movingMean;
    private final Tensor movingVariance;
    private final Tensor batchMean;
    private final Tensor batchVariance;
    private final Tensor xHatFull;
    private final Tensor outFull;
    private final Tensor deltaFull;
    private Tensor xHat;
    private Tensor out;
    private Tensor delta;

    DeviceBatchNorm(Backend backend, BatchNormLayer layer, Regularization regularization, int maxBatch) {
        // L2 penalises weights W only (as Keras's kernel_regularizer); batch_norm has none, so it ignores L2.
        if (regularization.dropout() > 0) {
            throw new IllegalArgumentException("batch_norm layers take no dropout");
        }
        this.shape = layer;
        int w = layer.width();
        this.gamma = upload(backend, layer.gamma());
        this.beta = upload(backend, layer.beta());
        this.movingMean = upload(backend, layer.movingMean());
        this.movingVariance = upload(backend, layer.movingVariance());
        this.gammaGrad = backend.allocate(1, w);
        this.betaGrad = backend.allocate(1, w);
        this.batchMean = backend.allocate(1, w);
        this.batchVariance = backend.allocate(1, w);
        this.xHatFull = backend.allocate(maxBatch, w);
        this.outFull = backend.allocate(maxBatch, w);
        this.deltaFull = backend.allocate(maxBatch, w);
        useRows(maxBatch);
    }

    private static Tensor upload(Backend backend, float[] values) {
        Tensor t = backend.allocate(1, values.length);
        backend.write(t, values);
        return t;
    }

    @Override
    void useRows(int rows) {
        if (out == null || out.rows() != rows) {
            xHat = xHatFull.withRows(rows);
            out = outFull.withRows(rows);
            delta = deltaFull.withRows(rows);
        }
    }

    /** Training: batch statistics, kept for backward, and the running update; else the running statistics. */
    @Override
    Tensor forward(Backend backend, Tensor x, boolean training, DropoutMasks masks, int index) {
        if (!training) {
            backend.batchNormForward(x, movingMean, movingVariance, gamma, beta, shape.epsilon(), null, out);
            return out;
        }
        backend.columnMoments(x, batchMean, batchVariance);
        backend.batchNormForward(x, batchMean, batchVariance, gamma, beta, shape.epsilon(), xHat, out);
        float momentum = shape.momentum();
        backend.scale(movingMean, momentum);
        backend.addScaled(movingMean, batchMean, 1 - momentum);
        backend.scale(movingVariance, momentum);
        backend.addScaled(movingVariance, batchVariance, 1 - momentum);
        return out;
    }

    @Override
    Tensor output() {
        return out;
    }

    @Override
    Tensor delta() {
        return delta;
    }

    @Override
    double backward(Backend backend, Tensor x, Tensor deltaIn, boolean fromLoss) {
        if (fromLoss) {
            throw new IllegalStateException("batch_norm cannot be the output layer");
        }
        backend.batchNormBackward(delta, xHat, batchVariance, gamma, shape.epsilon(), gammaGrad, betaGrad, deltaIn);
        return 0;
    }

    @Override
    void addParameters(List<Parameter> list, int number) {
        list.add(new Parameter("gamma" + number, gamma, gammaGrad));
        list.add(new Parameter("beta" + number, beta, betaGrad));
    }

    @Override
    void addState(List<Tensor> list) {
        list.add(movingMean);
        list.add(movingVariance);
    }

    @Override
    LayerDiagnosis diagnose(Backend backend, int number) {
        float[] values = readAll(backend, out);
        float[] grads = readAll(backend, gammaGrad, betaGrad);
        return new LayerDiagnosis(number, TensorStats.of(values, values.length), TensorStats.of(grads, grads.length));
    }

    @Override
    BatchNormLayer download(Backend backend) {
        return new BatchNormLayer(shape.width(), shape.momentum(), shape.epsilon(), readAll(backend, gamma),
                readAll(backend, beta), readAll(backend, movingMean), readAll(backend, movingVariance));
    }
}
