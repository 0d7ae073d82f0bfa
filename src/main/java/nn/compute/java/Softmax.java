package nn.compute.java;

/** Row-wise softmax and its Jacobian-vector product, shared by the forward pass and the loss. */
final class Softmax {
    private Softmax() {
    }

    /** out[o, o+cols) = softmax(z[o, o+cols)), shifted by the row maximum so exp never overflows. */
    static void row(float[] z, float[] out, int o, int cols) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            max = Math.max(max, z[o + j]);
        }
        double sum = 0;
        for (int j = 0; j < cols; j++) {
            float e = (float) Math.exp(z[o + j] - max);
            out[o + j] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int j = 0; j < cols; j++) {
            out[o + j] *= inv;
        }
    }

    /** g ← scale · s ∗ (g − (g·s)) for one row: the softmax Jacobian (symmetric) times g. */
    static void jacobianProduct(float[] g, float[] s, int o, int cols, float scale) {
        double dot = 0;
        for (int j = 0; j < cols; j++) {
            dot += (double) g[o + j] * s[o + j];
        }
        for (int j = 0; j < cols; j++) {
            g[o + j] = (float) (scale * s[o + j] * (g[o + j] - dot));
        }
    }
}
