package nn.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import nn.data.Dataset;
import nn.spec.NormalizeType;

/**
 * The facts a divergence report needs from outside the trainer: the scale of the features the
 * network saw, and which checkpoint survives. The trainer stops before applying a non-finite
 * step and writes nothing on the way out, so the newest complete checkpoint is the last good one.
 */
final class Forensics {
    private static final int SHOWN = 4;

    private Forensics() {
    }

    /** "features (data.normalize: none): widest petal_length 1..6.9, ..." with the widest few first. */
    static String features(Dataset train, NormalizeType normalize) {
        int f = train.features();
        record Range(String name, double min, double max) {
            double width() {
                return Math.max(Math.abs(min), Math.abs(max));
            }
        }
        List<Range> ranges = new ArrayList<>();
        for (int j = 0; j < f; j++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < train.rows(); r++) {
                float v = train.x()[r * f + j];
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            ranges.add(new Range(train.featureNames().get(j), min, max));
        }
        ranges.sort(Comparator.comparingDouble(Range::width).reversed());
        StringBuilder s = new StringBuilder("features as trained on (data.normalize: " + normalize.yamlName() + "): ");
        for (int i = 0; i < Math.min(SHOWN, ranges.size()); i++) {
            Range r = ranges.get(i);
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.4g..%.4g", r.name(), r.min(), r.max()));
        }
        if (ranges.size() > SHOWN) {
            s.append(", ... (").append(ranges.size() - SHOWN).append(" more)");
        }
        if (normalize == NormalizeType.NONE && !ranges.isEmpty() && ranges.get(0).width() > 3) {
            s.append("; not normalised: set data.normalize: standard");
        }
        return s.toString();
    }

    /**
     * Where the last good checkpoint is ({@code kept}: the one this run wrote last, else the one it
     * resumed from; null for none), or that there is none. Older checkpoints of an earlier run in
     * the same folder are not this run's and are not named.
     */
    static String checkpoint(Path kept, int every) {
        if (kept != null) {
            return "last good checkpoint: " + kept + " (continue with --resume after the fix); nothing was written after it";
        }
        return "no checkpoint to keep" + (every == 0 ? " (training.checkpoint_every is not set)" : " yet")
                + "; no model was written";
    }
}
