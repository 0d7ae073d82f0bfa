package nn.data;

/**
 * Per-feature affine scaling x' = (x − offset) · scale, fitted on training data only and saved
 * with the model so that prediction applies the same transform. A constant column keeps scale 1
 * instead of dividing by zero.
 */
public record Normalizer(Scaling scaling, float[] offset, float[] scale) {

    public Normalizer {
        if (offset.length != scale.length) {
            throw new IllegalArgumentException("offset and scale differ in length");
        }
        offset = offset.clone();
        scale = scale.clone();
    }

    @Override
    public float[] offset() {
        return offset.clone();
    }

    @Override
    public float[] scale() {
        return scale.clone();
    }

    /** Fits {@code scaling} to the features of {@code data}. */
    public static Normalizer fit(Scaling scaling, Dataset data) {
        int n = data.features();
        float[] offset = new float[n];
        float[] scale = new float[n];
        java.util.Arrays.fill(scale, 1f);
        for (int f = 0; f < n; f++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (int r = 0; r < data.rows(); r++) {
                double v = data.x()[r * n + f];
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
            double mean = sum / data.rows();
            switch (scaling) {
                case NONE -> { }
                case STANDARD -> {
                    double squares = 0;
                    for (int r = 0; r < data.rows(); r++) {
                        double d = data.x()[r * n + f] - mean;
                        squares += d * d;
                    }
                    double std = Math.sqrt(squares / data.rows());
                    offset[f] = (float) mean;
                    scale[f] = std > 0 ? (float) (1 / std) : 1f;
                }
                case MINMAX -> {
                    offset[f] = (float) min;
                    scale[f] = max > min ? (float) (1 / (max - min)) : 1f;
                }
            }
        }
        return new Normalizer(scaling, offset, scale);
    }

    /** This normaliser acting only on the features where {@code scaled} is true; the others pass as they are. */
    public Normalizer onlyFor(boolean[] scaled) {
        if (scaled.length != offset.length) {
            throw new IllegalArgumentException(scaled.length + " flags for " + offset.length + " features");
        }
        float[] o = offset.clone();
        float[] k = scale.clone();
        for (int f = 0; f < scaled.length; f++) {
            if (!scaled[f]) {
                o[f] = 0f;
                k[f] = 1f;
            }
        }
        return new Normalizer(scaling, o, k);
    }

    /** A copy of {@code data} with its features scaled. */
    public Dataset apply(Dataset data) {
        if (data.features() != offset.length) {
            throw new IllegalArgumentException("normalizer fitted on " + offset.length + " features, data has " + data.features());
        }
        if (scaling == Scaling.NONE) {
            return data;
        }
        float[] x = data.x().clone();
        int n = offset.length;
        for (int i = 0; i < x.length; i++) {
            int f = i % n;
            x[i] = (x[i] - offset[f]) * scale[f];
        }
        return new Dataset(data.featureNames(), data.classNames(), data.rows(), data.features(), data.targets(), x, data.y());
    }
}
