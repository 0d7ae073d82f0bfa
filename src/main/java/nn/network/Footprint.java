package nn.network;

import java.util.List;
import java.util.Locale;

/**
 * The one estimate of a run's size and cost, shared by {@code check}, {@code summary} and the
 * memory guard. It takes plain numbers (per layer, per optimizer, for the data), so it knows no
 * spec and no layer type: nn.run supplies them from the whole experiment.
 *
 * @param parameters     trainable values
 * @param forwardFlops   floating-point operations of one sample's forward pass
 * @param parameterBytes parameters on the device, their gradients, a host copy, and layer state
 *                       (running statistics) on the device and the host
 * @param optimizerBytes optimizer state: {@code slots} floats per parameter
 * @param bufferBytes    per-batch buffers: each layer's, and the batches of inputs and targets
 * @param dataBytes      the resident data sets
 */
public record Footprint(long parameters, long forwardFlops, long parameterBytes, long optimizerBytes,
                        long bufferBytes, long dataBytes) {

    /**
     * One layer's share, as plain numbers, so a new layer type costs one mapping.
     *
     * @param parameters         trainable values (weights and biases, scale and shift)
     * @param stateFloats        values kept but not trained (a batch norm's running mean and variance)
     * @param bufferFloatsPerRow floats its forward and backward passes keep per batch row
     *                           (pre-activations, outputs, deltas, dropout masks)
     * @param flopsPerRow        floating-point operations of one row's forward pass
     */
    public record LayerCost(long parameters, long stateFloats, long bufferFloatsPerRow, long flopsPerRow) {
    }

    /**
     * The estimate for {@code layers} trained in batches of {@code batch} rows with an optimizer
     * that keeps {@code optimizerSlots} floats per parameter (0 SGD, 1 momentum, 2 Adam),
     * {@code batchFloatsPerRow} floats of batch inputs and targets per row, and {@code dataFloats}
     * floats of resident data.
     */
    public static Footprint estimate(List<LayerCost> layers, int optimizerSlots, long batch, long batchFloatsPerRow,
                                     long dataFloats) {
        long params = 0;
        long state = 0;
        long buffers = 0;
        long flops = 0;
        for (LayerCost layer : layers) {
            params += layer.parameters();
            state += layer.stateFloats();
            buffers += layer.bufferFloatsPerRow();
            flops += layer.flopsPerRow();
        }
        // Values and gradients on the device, the host's copy (the network object, the best epoch's).
        long parameterFloats = params * 3 + state * 2;
        long bufferFloats = batch * (buffers + batchFloatsPerRow);
        return new Footprint(params, flops, parameterFloats * Float.BYTES, params * optimizerSlots * Float.BYTES,
                bufferFloats * Float.BYTES, dataFloats * Float.BYTES);
    }

    /** A dense layer of {@code units} on {@code inputs}; dropout adds its mask, masked outputs and host mask. */
    public static LayerCost dense(long inputs, long units, boolean bias, boolean dropout) {
        long buffers = 3 * units + (dropout ? 3 * units : 0); // Z, outputs, deltas (+ mask, dropped, host mask)
        return new LayerCost(inputs * units + (bias ? units : 0), 0, buffers, 2 * inputs * units);
    }

    /**
     * A batch_norm layer over {@code width} columns: γ and β; running mean and variance plus the
     * batch's mean and variance as state; x̂, outputs and deltas per row.
     */
    public static LayerCost batchNorm(long width) {
        return new LayerCost(2 * width, 4 * width, 3 * width, 4 * width);
    }

    /**
     * An embedding first layer: its tables (vocabulary × dim per embedded column) train; its
     * output ({@code numeric} passed-through columns and each column's vector) and δ per row; a
     * lookup, no arithmetic. As {@link EmbeddingLayer} counts itself.
     */
    public static LayerCost embedding(long numeric, int[] vocabularies, int[] dims) {
        long tables = 0;
        long outputs = numeric;
        for (int c = 0; c < dims.length; c++) {
            tables += (long) vocabularies[c] * dims[c];
            outputs += dims[c];
        }
        return new LayerCost(tables, 0, 2 * outputs, 0);
    }

    /** A layer's own counts, for a network that exists (a trained model's). */
    public static LayerCost of(Layer layer) {
        return new LayerCost(layer.parameterCount(), layer.stateCount(), layer.bufferFloatsPerRow(),
                layer.forwardFlops());
    }

    /** Parameters, optimizer state and batch buffers: what training holds besides the data. */
    public long trainingBytes() {
        return parameterBytes + optimizerBytes + bufferBytes;
    }

    /** Everything: the figure {@code check}, {@code summary} and the memory guard report. */
    public long totalBytes() {
        return trainingBytes() + dataBytes;
    }

    /** Training cost per sample: forward, the backward δ products and the weight gradients. */
    public long trainingFlopsPerSample() {
        return 3 * forwardFlops;
    }

    /** Bytes in a short human form: 512 B, 13.2 KiB, 1.5 MiB, 2.0 GiB. */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
