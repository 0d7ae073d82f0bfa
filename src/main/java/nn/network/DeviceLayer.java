package nn.network;

import nn.compute.Backend;
import nn.compute.Tensor;

/**
 * A dense layer's parameters, gradients and batch buffers on a backend, with its forward and
 * backward passes side by side.
 */
final class DeviceLayer {
    final DenseLayer shape;
    final Tensor weights;
    final Tensor weightGrad;
    final Tensor bias;
    final Tensor biasGrad;
    private final Tensor zFull;
    private final Tensor outFull;
    private final Tensor deltaFull;
    Tensor z;
    Tensor out;
    Tensor delta;

    DeviceLayer(Backend backend, DenseLayer layer, int maxBatch) {
        this.shape = layer;
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
        useRows(maxBatch);
    }

    /** Points the batch buffers at their first {@code rows} rows; cheap when unchanged. */
    void useRows(int rows) {
        if (z == null || z.rows() != rows) {
            z = zFull.withRows(rows);
            out = outFull.withRows(rows);
            delta = deltaFull.withRows(rows);
        }
    }

    /** Z = X·W (+ b), out = act(Z). */
    Tensor forward(Backend backend, Tensor x) {
        backend.gemm(x, false, weights, false, z);
        backend.biasActivation(z, bias, shape.activation(), out);
        return out;
    }

    /**
     * Given δ = ∂J/∂Z in {@link #delta}: dW = Xᵀ·δ, db = Σ_rows δ, and, when {@code below} is not
     * null, its δ = (δ·Wᵀ) ∗ act'(Z_below). The first layer passes null and skips that product.
     */
    void backward(Backend backend, Tensor x, DeviceLayer below) {
        backend.gemm(x, true, delta, false, weightGrad);
        if (bias != null) {
            backend.columnSums(delta, biasGrad);
        }
        if (below != null) {
            backend.gemm(delta, false, weights, true, below.delta);
            backend.activationBackward(below.delta, below.z, below.out, below.shape.activation());
        }
    }

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
