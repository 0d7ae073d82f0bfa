package nn.compute.java;

/**
 * Batch normalisation on float arrays, per column (feature) over the rows of a batch. Each
 * column's sums accumulate in double in row order; the loops run rows outside and columns inside
 * (one double accumulator per column) so memory is read in order, and the order of each column's
 * sum is still the rows', whatever the thread count. Scratch accumulators are kept between calls,
 * so a training step allocates nothing once warmed up; one instance serves one caller at a time.
 */
final class BatchNormOps {
    private double[] first = new double[0];
    private double[] second = new double[0];

    /** mean[j] = Σ_r x[r][j] / n, variance[j] = Σ_r (x[r][j] − mean[j])² / n, n = rows (two passes). */
    void moments(float[] x, int rows, int cols, float[] mean, float[] variance) {
        if (rows == 0) {
            return;
        }
        double[] sum = scratch(cols, true);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int j = 0; j < cols; j++) {
                sum[j] += x[o + j];
            }
        }
        for (int j = 0; j < cols; j++) {
            sum[j] /= rows;
        }
        double[] squares = scratch(cols, false);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int j = 0; j < cols; j++) {
                double d = x[o + j] - sum[j];
                squares[j] += d * d;
            }
        }
        for (int j = 0; j < cols; j++) {
            mean[j] = (float) sum[j];
            variance[j] = (float) (squares[j] / rows);
        }
    }

    /** xHat = (x − mean)·inverse std, out = gamma ∗ xHat + beta; xHat may be null, out may be x. */
    void forward(float[] x, int rows, int cols, float[] mean, float[] variance, float[] gamma, float[] beta,
                 float epsilon, float[] xHat, float[] out) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int j = 0; j < cols; j++) {
                float h = (x[o + j] - mean[j]) * inverseStd(variance[j], epsilon);
                if (xHat != null) {
                    xHat[o + j] = h;
                }
                out[o + j] = gamma[j] * h + beta[j];
            }
        }
    }

    /**
     * gammaGrad = Σ_r δ·xHat, betaGrad = Σ_r δ, then, when deltaIn is not null, deltaIn = gamma·inverse
     * std·(δ − betaGrad/n − xHat·gammaGrad/n); the sums are complete before deltaIn is written, so it
     * may be delta.
     */
    void backward(float[] delta, float[] xHat, int rows, int cols, float[] variance, float[] gamma, float epsilon,
                  float[] gammaGrad, float[] betaGrad, float[] deltaIn) {
        double[] dGamma = scratch(cols, true);
        double[] dBeta = scratch(cols, false);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int j = 0; j < cols; j++) {
                float d = delta[o + j];
                dGamma[j] += (double) d * xHat[o + j];
                dBeta[j] += d;
            }
        }
        for (int j = 0; j < cols; j++) {
            gammaGrad[j] = (float) dGamma[j];
            betaGrad[j] = (float) dBeta[j];
        }
        if (deltaIn == null || rows == 0) {
            return;
        }
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int j = 0; j < cols; j++) {
                double centred = delta[o + j] - dBeta[j] / rows - xHat[o + j] * dGamma[j] / rows;
                deltaIn[o + j] = (float) (gamma[j] * (double) inverseStd(variance[j], epsilon) * centred);
            }
        }
    }

    /** 1/√(variance + ε) in float, as the OpenCL kernel computes it. */
    static float inverseStd(float variance, float epsilon) {
        return (float) (1.0 / Math.sqrt(variance + epsilon));
    }

    /** A zeroed accumulator of at least {@code cols}: the first or the second of the two kept. */
    private double[] scratch(int cols, boolean useFirst) {
        double[] a = useFirst ? first : second;
        if (a.length < cols) {
            a = new double[cols];
            if (useFirst) {
                first = a;
            } else {
                second = a;
            }
        } else {
            java.util.Arrays.fill(a, 0, cols, 0.0);
        }
        return a;
    }
}
