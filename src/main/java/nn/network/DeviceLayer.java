package nn.network;

import java.util.List;
import nn.compute.Backend;
import nn.compute.Tensor;

/**
 * A layer's device half: its parameters, gradients and batch buffers on a backend, with forward
 * and backward side by side. Backward takes ∂J/∂output in {@link #delta()} and applies this
 * layer's own derivative; the first layer is given no δ-in tensor and skips that product (an
 * embedding lookup, say, would have none to give).
 */
abstract sealed class DeviceLayer permits DeviceDense, DeviceBatchNorm, DeviceEmbedding {

    /** The device half of {@code layer}, for batches of up to {@code maxBatch} rows. */
    static DeviceLayer of(Backend backend, Layer layer, Regularization regularization, int maxBatch) {
        if (layer instanceof DenseLayer d) {
            return new DeviceDense(backend, d, regularization, maxBatch);
        }
        if (layer instanceof EmbeddingLayer e) {
            return new DeviceEmbedding(backend, e, regularization, maxBatch);
        }
        return new DeviceBatchNorm(backend, (BatchNormLayer) layer, regularization, maxBatch);
    }

    /** Points the batch buffers at their first {@code rows} rows; cheap when unchanged. */
    abstract void useRows(int rows);

    /**
     * Runs the batch {@code x} forward. {@code training} selects batch statistics (and their
     * running update) over the running ones; {@code masks} (training only, may be null) supplies
     * dropout masks; {@code index} is the 0-based layer number. Returns what the next layer gets.
     */
    abstract Tensor forward(Backend backend, Tensor x, boolean training, DropoutMasks masks, int index);

    /** What the last forward pass handed to the next layer. */
    abstract Tensor output();

    /** The buffer that receives ∂J/∂output from the layer above (or from the loss). */
    abstract Tensor delta();

    /**
     * From ∂J/∂output in {@link #delta()} (∂J/∂Z already when {@code fromLoss}: the output layer,
     * whose derivative the loss applied): the parameter gradients, and ∂J/∂input into
     * {@code deltaIn} unless it is null. Returns the layer's L2 penalty (0 without L2).
     */
    abstract double backward(Backend backend, Tensor x, Tensor deltaIn, boolean fromLoss);

    /** Adds this layer's trainable tensors, named with the 1-based layer {@code number}. */
    abstract void addParameters(List<Parameter> out, int number);

    /** Adds this layer's running statistics (not trained by gradients): none but batch_norm's. */
    void addState(List<Tensor> out) {
    }

    /** Host-side summary of the last passes, for divergence reports. */
    abstract LayerDiagnosis diagnose(Backend backend, int number);

    /** The layer with its current values, copied to the host. */
    abstract Layer download(Backend backend);

    /** Reads {@code tensors} into one host array, in order (empty for none). */
    static float[] readAll(Backend backend, Tensor... tensors) {
        int total = 0;
        for (Tensor t : tensors) {
            total += t == null ? 0 : t.size();
        }
        float[] all = new float[total];
        int at = 0;
        for (Tensor t : tensors) {
            if (t != null) {
                float[] part = new float[t.size()];
                backend.read(t, part);
                System.arraycopy(part, 0, all, at, part.length);
                at += part.length;
            }
        }
        return all;
    }
}
