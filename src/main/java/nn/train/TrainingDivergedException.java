package nn.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nn.network.LayerDiagnosis;

/**
 * The loss or a gradient became NaN or infinite: the run cannot continue. The message is a short
 * forensic report: where (epoch, batch, first layer in forward order whose pre-activations or
 * gradients went non-finite, with their min/max/mean), the likely cause, and any notes the caller
 * adds (the data's feature ranges, where the last good checkpoint is).
 */
public final class TrainingDivergedException extends RuntimeException {
    private final int epoch;
    private final int batch;
    private final double loss;
    private final List<LayerDiagnosis> layers;
    private final float learningRate;
    private final List<String> notes;

    /** Without a layer diagnosis (kept for callers that have none). */
    public TrainingDivergedException(int epoch, int batch, double loss) {
        this(epoch, batch, loss, List.of(), Float.NaN, List.of());
    }

    /**
     * @param loss         the batch loss, finite when only a gradient went non-finite
     * @param layers       every layer's state at the failing batch, in forward order (may be empty)
     * @param learningRate the rate of the failing epoch (NaN when unknown)
     * @param notes        further lines for the report
     */
    public TrainingDivergedException(int epoch, int batch, double loss, List<LayerDiagnosis> layers,
                                     float learningRate, List<String> notes) {
        super(message(epoch, batch, loss, layers, learningRate, notes));
        this.epoch = epoch;
        this.batch = batch;
        this.loss = loss;
        this.layers = List.copyOf(layers);
        this.learningRate = learningRate;
        this.notes = List.copyOf(notes);
    }

    /** The same report with {@code note} appended as a further line (the CLI adds data and checkpoint facts). */
    public TrainingDivergedException withNote(String note) {
        List<String> more = new ArrayList<>(notes);
        more.add(note);
        return new TrainingDivergedException(epoch, batch, loss, layers, learningRate, more);
    }

    public int epoch() {
        return epoch;
    }

    public int batch() {
        return batch;
    }

    /** The first layer, in forward order, whose Z or gradients hold a NaN or infinity; null when none does. */
    public LayerDiagnosis firstNonFiniteLayer() {
        return layers.stream().filter(LayerDiagnosis::nonFinite).findFirst().orElse(null);
    }

    private static String message(int epoch, int batch, double loss, List<LayerDiagnosis> layers, float rate,
                                  List<String> notes) {
        StringBuilder m = new StringBuilder("training diverged in epoch " + epoch + ", batch " + batch + ": ");
        m.append(Double.isFinite(loss) ? "a gradient became non-finite (loss " + loss + ")" : "the loss became " + loss);
        if (layers.isEmpty()) {
            m.append("; try a smaller learning rate or normalize the features");
        }
        LayerDiagnosis first = layers.stream().filter(LayerDiagnosis::nonFinite).findFirst().orElse(null);
        if (first != null) {
            m.append("\n  first non-finite layer: layer ").append(first.layer()).append(" of ").append(layers.size())
                    .append(!first.preActivations().finite() ? " (pre-activations Z)" : " (gradients)");
            m.append("\n  layer ").append(first.layer()).append(" Z: ").append(first.preActivations());
            m.append("\n  layer ").append(first.layer()).append(" gradients: ").append(first.gradients());
        } else if (!layers.isEmpty()) {
            LayerDiagnosis last = layers.get(layers.size() - 1);
            m.append("\n  every layer's Z and gradients are finite; output layer ").append(last.layer())
                    .append(" Z: ").append(last.preActivations());
        }
        String cause = cause(loss, layers, first, rate);
        if (cause != null) {
            m.append("\n  likely cause: ").append(cause);
        }
        for (String note : notes) {
            m.append("\n  ").append(note);
        }
        return m.toString();
    }

    /**
     * A guess from the evidence: finite Z everywhere with an infinite loss is log(0) of a saturated
     * output; otherwise values blew up, which a step too large for the data's scale does.
     */
    private static String cause(double loss, List<LayerDiagnosis> layers, LayerDiagnosis first, float rate) {
        if (layers.isEmpty()) {
            return null;
        }
        String lr = Float.isNaN(rate) ? "" : String.format(Locale.ROOT, " (%s)", rate);
        if (first == null && Double.isInfinite(loss)) {
            return "log(0): an output saturated at exactly 0 or 1, so the cross-entropy is infinite; the learning rate"
                    + lr + " may be too high (try 10x smaller or training.clip_norm), or the inputs too large";
        }
        return "learning rate too high" + lr + " (try 10x smaller, or training.clip_norm), or features not "
                + "normalised (check the data's feature ranges; set data.normalize: standard)";
    }
}
