package nn.data;

/**
 * How a regression target is standardised for training, y' = (y − offset) / scale, so a target
 * in the thousands trains with the default learning rate; predictions are mapped back with
 * {@link #restore}. {@link #NONE} for classification.
 */
public record TargetScaling(double offset, double scale) {
    /** Targets as they are. */
    public static final TargetScaling NONE = new TargetScaling(0, 1);

    public TargetScaling {
        if (!Double.isFinite(offset) || !(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("target scaling needs a finite offset and a positive scale");
        }
    }

    /** Mean and standard deviation of {@code y}; scale 1 for a constant target. */
    public static TargetScaling standardize(float[] y) {
        double sum = 0;
        for (float v : y) {
            sum += v;
        }
        double mean = y.length == 0 ? 0 : sum / y.length;
        double squares = 0;
        for (float v : y) {
            squares += (v - mean) * (v - mean);
        }
        double std = y.length == 0 ? 0 : Math.sqrt(squares / y.length);
        return new TargetScaling(mean, std > 0 ? std : 1);
    }

    /** A target in training units. */
    public float apply(float y) {
        return (float) ((y - offset) / scale);
    }

    /** A prediction back in the target's units. */
    public double restore(double prediction) {
        return prediction * scale + offset;
    }
}
