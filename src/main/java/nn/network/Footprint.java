package nn.network;

import java.util.List;
import java.util.Locale;

/**
 * The one estimate of a network's size and cost, shared by {@code check}, {@code summary} and the
 * memory guard: parameters, multiply-adds per sample, and the float32 bytes a training run keeps
 * on its device.
 *
 * @param parameters     trainable values
 * @param forwardFlops   floating-point operations of one sample's forward pass (2 per weight)
 * @param trainingBytes  parameters, gradients, optimizer state and per-batch buffers
 * @param dataBytes      the resident data set (features and targets)
 */
public record Footprint(long parameters, long forwardFlops, long trainingBytes, long dataBytes) {

    /**
     * Estimates a run of {@code network} with batches of {@code batch} rows, an optimizer keeping
     * {@code stateSlots} values per parameter (0 for SGD, 1 for momentum, 2 for Adam), over
     * {@code rows} samples with {@code targets} target columns.
     */
    public static Footprint of(Network network, int batch, int stateSlots, long rows, int targets) {
        // batch_norm keeps its width, so leaving it out keeps the dense chain's widths right.
        // TODO(seams-run): count batch_norm's γ, β, running statistics and x̂ buffer here.
        List<LayerShape> shapes = network.layers().stream().filter(l -> l instanceof DenseLayer).map(l -> (DenseLayer) l)
                .map(l -> new LayerShape(l.units(), l.activation(), l.hasBias())).toList();
        return of(network.inputs(), shapes, batch, stateSlots, rows, targets);
    }

    /**
     * As {@link #of(Network, int, int, long, int)}, from the layer shapes alone: the memory guard
     * estimates a run before a single weight is drawn.
     */
    public static Footprint of(int inputs, List<LayerShape> layers, int batch, int stateSlots, long rows, int targets) {
        long params = 0;
        long weights = 0;
        long units = 0;
        long width = inputs;
        for (LayerShape layer : layers) {
            weights += width * layer.units();
            params += width * layer.units() + (layer.hasBias() ? layer.units() : 0);
            units += layer.units();
            width = layer.units();
        }
        long floats = params * (2L + stateSlots)               // values, gradients, optimizer state
                + (long) batch * units * 3                     // Z, activations, deltas per layer
                + (long) batch * (inputs + targets);           // the current batch
        long data = rows * (inputs + (long) targets);
        return new Footprint(params, 2 * weights, floats * Float.BYTES, data * Float.BYTES);
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
