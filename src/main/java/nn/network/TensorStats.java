package nn.network;

import java.util.Locale;

/**
 * Summary of one tensor's values for a divergence report: min, max and mean of the finite values,
 * and how many were NaN or infinite (a mean over NaNs would say nothing).
 */
public record TensorStats(int count, int nan, int infinite, double min, double max, double mean) {

    /** Summarises {@code values[0..count)}. */
    public static TensorStats of(float[] values, int count) {
        int nan = 0;
        int inf = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < count; i++) {
            float v = values[i];
            if (Float.isNaN(v)) {
                nan++;
            } else if (Float.isInfinite(v)) {
                inf++;
            } else {
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
        }
        int finite = count - nan - inf;
        return new TensorStats(count, nan, inf, finite == 0 ? Double.NaN : min, finite == 0 ? Double.NaN : max,
                finite == 0 ? Double.NaN : sum / finite);
    }

    /** Whether every value is finite. */
    public boolean finite() {
        return nan == 0 && infinite == 0;
    }

    /** The largest finite magnitude (NaN when none is finite). */
    public double maxAbs() {
        return Math.max(Math.abs(min), Math.abs(max));
    }

    @Override
    public String toString() {
        String s = String.format(Locale.ROOT, "min %.4g, max %.4g, mean %.4g", min, max, mean);
        if (!finite()) {
            s += String.format(Locale.ROOT, " (of the finite values; %d of %d NaN, %d infinite)", nan, count, infinite);
        }
        return s;
    }
}
