package nn.train;

/**
 * Regression quality over all targets of all rows: mean squared error, its root, mean absolute
 * error and R² = 1 − SSE/SST (SST about the mean of the true values; NaN when they are constant).
 */
public record RegressionMetrics(double mse, double rmse, double mae, double r2) {

    /** Sums over n values, accumulated while scoring. */
    static final class Sums {
        private long n;
        private double sse;
        private double sae;
        private double sumY;
        private double sumY2;

        void add(float predicted, float actual) {
            double e = predicted - actual;
            n++;
            sse += e * e;
            sae += Math.abs(e);
            sumY += actual;
            sumY2 += (double) actual * actual;
        }

        /** The true values only, for {@link #resultFor}: the errors come summed from elsewhere. */
        void addActual(float actual) {
            sumY += actual;
            sumY2 += (double) actual * actual;
        }

        /** The metrics of {@code count} values whose squared and absolute errors sum to {@code sse}, {@code sae}. */
        RegressionMetrics resultFor(long count, double sse, double sae) {
            double mse = sse / count;
            double sst = sumY2 - sumY * sumY / count;
            return new RegressionMetrics(mse, Math.sqrt(mse), sae / count, sst > 0 ? 1 - sse / sst : Double.NaN);
        }

        RegressionMetrics result() {
            double mse = sse / n;
            double sst = sumY2 - sumY * sumY / n;
            return new RegressionMetrics(mse, Math.sqrt(mse), sae / n, sst > 0 ? 1 - sse / sst : Double.NaN);
        }
    }
}
