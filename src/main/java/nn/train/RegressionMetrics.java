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

        RegressionMetrics result() {
            double mse = sse / n;
            double sst = sumY2 - sumY * sumY / n;
            return new RegressionMetrics(mse, Math.sqrt(mse), sae / n, sst > 0 ? 1 - sse / sst : Double.NaN);
        }
    }
}
