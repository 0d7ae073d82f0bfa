package nn.network;

import java.util.ArrayList;
import java.util.List;
import nn.compute.Backend;
import nn.compute.Loss;
import nn.compute.RunningTotals;
import nn.compute.Tensor;

/**
 * A network's parameters and per-batch buffers resident on a backend, for batches of up to
 * {@code maxBatch} rows. Forward and backward passes allocate nothing; the trained network comes
 * back through {@link #download}.
 */
public final class DeviceNetwork {
    private final Backend backend;
    private final int inputs;
    private final List<DeviceLayer> layers = new ArrayList<>();
    private final List<Parameter> parameters = new ArrayList<>();
    private final DeviceDense outputLayer;

    public DeviceNetwork(Backend backend, Network network, int maxBatch) {
        this(backend, network, maxBatch, List.of());
    }

    /**
     * As above, with one {@link Regularization} per layer ({@code regularization} may be empty for
     * none); dropout then applies in {@link #forward(Tensor, DropoutMasks)} and L2 in
     * {@link #backward}.
     */
    public DeviceNetwork(Backend backend, Network network, int maxBatch, List<Regularization> regularization) {
        if (!regularization.isEmpty() && regularization.size() != network.layers().size()) {
            throw new IllegalArgumentException(regularization.size() + " regularisation entries for "
                    + network.layers().size() + " layers");
        }
        if (maxBatch <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + maxBatch);
        }
        this.backend = backend;
        this.inputs = network.inputs();
        for (Layer layer : network.layers()) {
            int index = layers.size() + 1;
            DeviceLayer d = DeviceLayer.of(backend, layer,
                    regularization.isEmpty() ? Regularization.NONE : regularization.get(index - 1), maxBatch);
            layers.add(d);
            d.addParameters(parameters, index);
        }
        // Network guarantees a dense output layer: the loss needs its Z and activation.
        this.outputLayer = (DeviceDense) layers.get(layers.size() - 1);
    }

    /** The backend the parameters live on. */
    public Backend backend() {
        return backend;
    }

    /** Trainable tensors with their gradients, in layer order (W1, b1, gamma2, beta2, W3, ...). */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * The layers' running statistics (batch_norm's moving mean and variance), in layer order: state
     * that gradients do not train, which a data-parallel engine reads from its partitions, averages
     * and writes back (nn-spark).
     */
    public List<Tensor> state() {
        List<Tensor> state = new ArrayList<>();
        for (DeviceLayer layer : layers) {
            layer.addState(state);
        }
        return state;
    }

    /**
     * Runs the batch {@code x} (rows × inputs) forward for evaluation or prediction: no dropout,
     * batch_norm with its running statistics. Returns the output activations.
     */
    public Tensor forward(Tensor x) {
        return forward(x, false, null);
    }

    /**
     * Runs the batch {@code x} forward for training: layers with a dropout rate mask their outputs
     * with masks drawn from {@code masks} (none when null); batch_norm normalises with the batch's
     * statistics and updates its running ones. Returns the output activations.
     */
    public Tensor forward(Tensor x, DropoutMasks masks) {
        return forward(x, true, masks);
    }

    private Tensor forward(Tensor x, boolean training, DropoutMasks masks) {
        if (x.cols() != inputs) {
            throw new IllegalArgumentException("input has " + x.cols() + " columns, network takes " + inputs);
        }
        Tensor current = x;
        for (int i = 0; i < layers.size(); i++) {
            DeviceLayer layer = layers.get(i);
            layer.useRows(x.rows());
            current = layer.forward(backend, current, training, masks, i);
        }
        return current;
    }

    /**
     * After {@link #forward} of {@code x}: the loss against targets {@code y} summed over the rows,
     * with every parameter's gradient of the batch-mean loss left in {@link #parameters()}. With L2,
     * the batch-mean loss includes Σ λ·ΣW², so the sum returned includes rows × that penalty.
     */
    public double backward(Loss loss, Tensor x, Tensor y) {
        return backward(loss, x, y, null);
    }

    /**
     * As {@link #backward(Loss, Tensor, Tensor)}, each row's loss weighted by {@code rowWeights}
     * (rows × 1, null: unweighted): the class weights of the batch's rows.
     */
    public double backward(Loss loss, Tensor x, Tensor y, Tensor rowWeights) {
        DeviceDense last = outputLayer;
        double total = backend.outputDelta(loss, last.shape.activation(), last.z, last.out, y, last.delta, rowWeights);
        return total + backwardLayers(x) * x.rows();
    }

    /**
     * As {@link #backward(Loss, Tensor, Tensor, Tensor)} for a training step: the batch's loss, its
     * quality (correct rows when {@code classification}, else squared error) and its rows go into
     * {@code totals} through {@link Backend#lossStep}, so nothing comes back to the host.
     */
    public void backward(Loss loss, Tensor x, Tensor y, Tensor rowWeights, boolean classification,
                         RunningTotals totals) {
        DeviceDense last = outputLayer;
        backend.lossStep(loss, last.shape.activation(), last.z, last.out, y, last.delta, rowWeights, classification,
                totals);
        double penalty = backwardLayers(x);
        if (penalty != 0) {
            totals.addLoss(penalty * x.rows());
        }
    }

    /**
     * Backward through the layers from the output layer's ∂J/∂Z; a dense layer above a dense layer
     * applies the lower one's act'(Z) as it computes δ-in. Returns Σλ‖W‖² (0 without L2).
     */
    private double backwardLayers(Tensor x) {
        double penalty = 0;
        boolean derivativeDone = true;
        for (int i = layers.size() - 1; i >= 0; i--) {
            DeviceLayer layer = layers.get(i);
            DeviceLayer below = i == 0 ? null : layers.get(i - 1);
            Tensor input = below == null ? x : below.output();
            if (layer instanceof DeviceDense dense && below instanceof DeviceDense lower && lower.takesFusedDelta()) {
                penalty += dense.backwardThrough(backend, input, lower, derivativeDone);
                derivativeDone = true;
            } else {
                penalty += layer.backward(backend, input, below == null ? null : below.delta(), derivativeDone);
                derivativeDone = false;
            }
        }
        return penalty;
    }

    /** After {@link #forward}: the loss against {@code y} summed over the rows, without gradients. */
    public double loss(Loss loss, Tensor y) {
        DeviceDense last = outputLayer;
        return backend.outputDelta(loss, last.shape.activation(), last.z, last.out, y, last.delta);
    }

    /** The output activations of the last {@link #forward}. */
    public Tensor output() {
        return outputLayer.out;
    }

    /**
     * Reads every layer's pre-activations and gradients of the last forward and backward pass back
     * to the host and summarises them, in forward order. Read-only, and slow on a device (a copy
     * per tensor): for divergence reports after training has stopped.
     */
    public List<LayerDiagnosis> diagnose() {
        List<LayerDiagnosis> result = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            result.add(layers.get(i).diagnose(backend, i + 1));
        }
        return result;
    }

    /** Copies the parameters back to the host as an immutable network. */
    public Network download() {
        List<Layer> result = new ArrayList<>();
        for (DeviceLayer layer : layers) {
            result.add(layer.download(backend));
        }
        return new Network(inputs, result);
    }
}
