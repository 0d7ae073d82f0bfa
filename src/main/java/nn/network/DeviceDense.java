package nn.network;

import java.util.List;
import nn.compute.Backend;
import nn.compute.Tensor;

/**
 * A dense layer's parameters, gradients and batch buffers on a backend, with its forward and
 * backward passes side by side; the output layer's activation derivative is the loss's job. With
 * dropout, the layer keeps act(Z) in {@code out} (its derivative needs it) and hands the masked
 * copy to the next layer.
 */
final class DeviceDense extends DeviceLayer {
    final DenseLayer shape;
    final Regularization regularization;
    final Tensor weights;
    final Tensor weightGrad;
    final Tensor bias;
    final Tensor biasGrad;
    private final Tensor zFull;
    private final Tensor outFull;
    private final Tensor deltaFull;
    private final Tensor maskFull;
    private final Tensor droppedFull;
    private final float[] hostMask;
    Tensor z;
    Tensor out;
    Tensor delta;
    private Tensor mask;
    private Tensor dropped;
    /** Whether the last forward pass applied dropout, so backward must apply the same mask. */
    private boolean droppedLast;

    DeviceDense(Backend backend, DenseLayer layer, Regularization regularization, int maxBatch) {
        this.shape = layer;
        this.regularization = regularization;
        this.weights = backend.allocate(layer.inputs(), layer.units());
        backend.write(weights, layer.weights());
        this.weightGrad = backend.allocate(layer.inputs(), layer.units());
        if (layer.hasBias()) {
            this.bias = backend.allocate(1, layer.units());
            backend.write(bias, layer.biases());
            this.biasGrad = backend.allocate(1, layer.units());
        } else {
            this.bias = null;
            this.biasGrad = null;
        }
        this.zFull = backend.allocate(maxBatch, layer.units());
        this.outFull = backend.allocate(maxBatch, layer.units());
        this.deltaFull = backend.allocate(maxBatch, layer.units());
        boolean dropout = regularization.dropout() > 0;
        this.maskFull = dropout ? backend.allocate(maxBatch, layer.units()) : null;
        this.droppedFull = dropout ? backend.allocate(maxBatch, layer.units()) : null;
        this.hostMask = dropout ? new float[maxBatch * layer.units()] : null;
        useRows(maxBatch);
    }

    @Override
    void useRows(int rows) {
        if (z == null || z.rows() != rows) {
            z = zFull.withRows(rows);
            out = outFull.withRows(rows);
            delta = deltaFull.withRows(rows);
            if (maskFull != null) {
                mask = maskFull.withRows(rows);
                dropped = droppedFull.withRows(rows);
            }
        }
    }

    /**
     * Z = X·W (+ b), out = act(Z); with {@code masks} and a dropout rate, the next layer gets
     * out ∗ mask instead of out.
     */
    @Override
    Tensor forward(Backend backend, Tensor x, boolean training, DropoutMasks masks, int index) {
        backend.denseForward(x, weights, bias, shape.activation(), z, out);
        droppedLast = masks != null && mask != null;
        if (!droppedLast) {
            return out;
        }
        masks.fill(index, regularization.dropout(), hostMask, mask.size());
        backend.write(mask, hostMask);
        backend.multiply(out, mask, dropped);
        return dropped;
    }

    @Override
    Tensor output() {
        return droppedLast ? dropped : out;
    }

    @Override
    Tensor delta() {
        return delta;
    }

    /**
     * δ = ∂J/∂out: through the dropout mask and act'(Z) to ∂J/∂Z (skipped when {@code fromLoss}),
     * then dW = Xᵀ·δ (+ 2λ·W), db = Σ_rows δ and, when asked, δ-in = δ·Wᵀ.
     */
    @Override
    double backward(Backend backend, Tensor x, Tensor deltaIn, boolean fromLoss) {
        gradients(backend, x, fromLoss);
        if (deltaIn != null) {
            backend.gemm(delta, false, weights, true, deltaIn);
        }
        return penalty(backend);
    }

    /**
     * As {@link #backward}, with δ-in going straight on through the dense layer {@code below}'s
     * act'(Z) ({@link Backend#deltaBackward}), so that layer's backward starts from ∂J/∂Z
     * ({@code fromLoss} true). Only for a layer below that {@link #takesFusedDelta()}.
     */
    double backwardThrough(Backend backend, Tensor x, DeviceDense below, boolean fromLoss) {
        gradients(backend, x, fromLoss);
        backend.deltaBackward(delta, weights, below.delta, below.z, below.out, below.shape.activation());
        return penalty(backend);
    }

    /** Whether the layer above may apply this layer's act'(Z) as it computes δ: not after dropout. */
    boolean takesFusedDelta() {
        return !droppedLast;
    }

    private void gradients(Backend backend, Tensor x, boolean fromLoss) {
        if (!fromLoss) {
            if (droppedLast) {
                backend.multiply(delta, mask, delta);
            }
            backend.activationBackward(delta, z, out, shape.activation());
        }
        backend.weightGradients(x, delta, weightGrad, biasGrad);
    }

    private double penalty(Backend backend) {
        float l2 = regularization.l2();
        if (l2 == 0f) {
            return 0;
        }
        backend.addScaled(weightGrad, weights, 2 * l2);
        return l2 * backend.sumOfSquares(weights);
    }

    @Override
    void addParameters(List<Parameter> list, int number) {
        list.add(new Parameter("W" + number, weights, weightGrad));
        if (bias != null) {
            list.add(new Parameter("b" + number, bias, biasGrad));
        }
    }

    @Override
    LayerDiagnosis diagnose(Backend backend, int number) {
        float[] zValues = readAll(backend, z);
        float[] grads = readAll(backend, weightGrad, biasGrad);
        return new LayerDiagnosis(number, TensorStats.of(zValues, zValues.length), TensorStats.of(grads, grads.length));
    }

    @Override
    DenseLayer download(Backend backend) {
        float[] w = new float[shape.inputs() * shape.units()];
        backend.read(weights, w);
        float[] b = new float[bias == null ? 0 : shape.units()];
        if (bias != null) {
            backend.read(bias, b);
        }
        return new DenseLayer(shape.inputs(), shape.units(), shape.activation(), shape.hasBias(), w, b);
    }
}
