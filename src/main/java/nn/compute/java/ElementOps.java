package nn.compute.java;

/**
 * The optimizer updates, the column sums of δ (bias gradients), the softmax + cross-entropy
 * output delta, the elementwise helpers and the sum of squares (clipping, the finiteness check),
 * split over the pool's threads when big enough. Each element, column or row is computed by one
 * thread exactly as the sequential loop would, and the sum of squares adds fixed chunks of
 * {@link #CHUNK} elements in chunk order, so no result depends on the thread count. One op at a
 * time: the fields describe the op in flight, and the scratch arrays grow only on the first call
 * of a bigger op, so a training step allocates nothing.
 */
final class ElementOps implements WorkerPool.RangeTask {

    /** Below this many elements an op runs on the caller: a hand-off costs more. */
    static final int PARALLEL_ELEMENTS = 1 << 14;
    /** Elements per partial sum of {@link #sumOfSquares}: fixed, so the summation order is too. */
    static final int CHUNK = 1 << 12;

    private enum Op { MOMENTUM, NESTEROV, ADAM, ADD_SCALED, SCALE, MULTIPLY, SUM_SQUARES, COLUMN_SUMS, SOFTMAX_CE }

    private final WorkerPool pool;
    private Op op;
    private float[] p;
    private float[] g;
    private float[] s1;
    private float[] s2;
    private float f1;
    private float f2;
    private float f3;
    private float f4;
    private float f5;
    private int size;
    private int cols;
    private double[] partial = new double[0];

    ElementOps(WorkerPool pool) {
        this.pool = pool;
    }

    /** v = momentum·v − lr·g; p += v (Nesterov: p += momentum·v − lr·g). */
    void momentum(float[] param, float[] grad, float[] velocity, float lr, float momentum, boolean nesterov, int n) {
        set(nesterov ? Op.NESTEROV : Op.MOMENTUM, param, grad, velocity, null, n);
        f1 = lr;
        f2 = momentum;
        split(n);
    }

    /** Adam/AdamW: moments m, v updated, then p −= decay·p + stepSize·m / (√v + ε). */
    void adam(float[] param, float[] grad, float[] m, float[] v, float stepSize, float beta1, float beta2,
              float epsilon, float decay, int n) {
        set(Op.ADAM, param, grad, m, v, n);
        f1 = stepSize;
        f2 = beta1;
        f3 = beta2;
        f4 = epsilon;
        f5 = decay;
        split(n);
    }

    /** dst += alpha·src. */
    void addScaled(float[] dst, float[] src, float alpha, int n) {
        set(Op.ADD_SCALED, dst, src, null, null, n);
        f1 = alpha;
        split(n);
    }

    /** t ∗= factor. */
    void scale(float[] t, float factor, int n) {
        set(Op.SCALE, t, null, null, null, n);
        f1 = factor;
        split(n);
    }

    /** dst = a ∗ b elementwise. */
    void multiply(float[] a, float[] b, float[] dst, int n) {
        set(Op.MULTIPLY, dst, a, b, null, n);
        split(n);
    }

    /** Σ t², in double, chunk by chunk in order. */
    double sumOfSquares(float[] t, int n) {
        set(Op.SUM_SQUARES, t, null, null, null, n);
        int chunks = (n + CHUNK - 1) / CHUNK;
        ensurePartial(chunks);
        pool.forRange(chunks, n >= PARALLEL_ELEMENTS, this);
        double sum = 0;
        for (int c = 0; c < chunks; c++) {
            sum += partial[c];
        }
        return sum;
    }

    /** out[j] = Σ_r m[r][j] over rows in order, split over columns. */
    void columnSums(float[] m, float[] out, int rows, int cols) {
        set(Op.COLUMN_SUMS, out, m, null, null, rows);
        this.cols = cols;
        pool.forRange(cols, (long) rows * cols >= PARALLEL_ELEMENTS && cols >= 2 * 16, this);
    }

    /**
     * Softmax + categorical cross-entropy, split over rows: δ = (Ŷ − Y)/rows, and the summed loss
     * from the logits (each row's value as {@link LossMath#crossEntropyFromLogits}, added in row order).
     */
    double softmaxCrossEntropy(float[] z, float[] out, float[] y, float[] delta, int rows, int cols) {
        set(Op.SOFTMAX_CE, delta, z, out, y, rows);
        this.cols = cols;
        f1 = 1f / rows;
        ensurePartial(rows);
        pool.forRange(rows, (long) rows * cols >= PARALLEL_ELEMENTS / 4, this);
        double total = 0;
        for (int r = 0; r < rows; r++) {
            total += partial[r];
        }
        return total;
    }

    private void ensurePartial(int n) {
        if (partial.length < n) {
            partial = new double[n];
        }
    }

    private void set(Op op, float[] p, float[] g, float[] s1, float[] s2, int size) {
        this.op = op;
        this.p = p;
        this.g = g;
        this.s1 = s1;
        this.s2 = s2;
        this.size = size;
    }

    private void split(int n) {
        pool.forRange(n, n >= PARALLEL_ELEMENTS, this);
    }

    @Override
    public void run(int from, int to, int worker) {
        switch (op) {
            case MOMENTUM, NESTEROV -> momentumRange(from, to, op == Op.NESTEROV);
            case ADAM -> adamRange(from, to);
            case ADD_SCALED -> {
                for (int i = from; i < to; i++) {
                    p[i] += f1 * g[i];
                }
            }
            case SCALE -> scaleLoop(p, f1, from, to);
            case MULTIPLY -> {
                for (int i = from; i < to; i++) {
                    p[i] = g[i] * s1[i];
                }
            }
            case SUM_SQUARES -> sumSquaresChunks(from, to);
            case COLUMN_SUMS -> columnSumsRange(from, to);
            case SOFTMAX_CE -> softmaxRows(from, to);
        }
    }

    private void momentumRange(int from, int to, boolean nesterov) {
        momentumLoop(p, g, s1, f1, f2, nesterov, from, to);
    }

    private void adamRange(int from, int to) {
        adamLoop(p, g, s1, s2, f1, f2, f3, f4, f5, from, to);
    }

    /** The momentum rule over [from, to): the one loop of {@link #momentum} and the fused update. */
    static void momentumLoop(float[] p, float[] g, float[] velocity, float lr, float momentum, boolean nesterov,
                             int from, int to) {
        for (int i = from; i < to; i++) {
            float vi = momentum * velocity[i] - lr * g[i];
            velocity[i] = vi;
            p[i] += nesterov ? momentum * vi - lr * g[i] : vi;
        }
    }

    /** The Adam(W) rule over [from, to): the one loop of {@link #adam} and the fused update. */
    static void adamLoop(float[] p, float[] g, float[] md, float[] vd, float stepSize, float beta1, float beta2,
                         float epsilon, float decay, int from, int to) {
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = beta1 * md[i] + (1 - beta1) * gi;
            float vi = beta2 * vd[i] + (1 - beta2) * gi * gi;
            md[i] = mi;
            vd[i] = vi;
            p[i] = p[i] - decay * p[i] - stepSize * mi / ((float) Math.sqrt(vi) + epsilon);
        }
    }

    /** t ∗= factor over [from, to): the one loop of {@link #scale} and the fused update's clipping. */
    static void scaleLoop(float[] t, float factor, int from, int to) {
        for (int i = from; i < to; i++) {
            t[i] *= factor;
        }
    }

    /**
     * Each chunk's sum in eight interleaved double chains (element i into chain i mod 8), added in
     * a fixed order: one chain is bound by the adder's latency (measured: 138 µs of a W2 step's
     * 235k gradient elements on one core), eight keep it busy. The order depends only on i, so the
     * sum does not depend on the thread count.
     */
    private void sumSquaresChunks(int from, int to) {
        for (int c = from; c < to; c++) {
            int start = c * CHUNK;
            partial[c] = chunkSquares(p, start, Math.min(size, start + CHUNK));
        }
    }

    /** Σ t[i]² over one chunk [start, end) in the eight chains above: the fused update's norm adds the same chunks. */
    static double chunkSquares(float[] t, int start, int end) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = start;
        for (; i + 7 < end; i += 8) {
            double v0 = t[i], v1 = t[i + 1], v2 = t[i + 2], v3 = t[i + 3];
            double v4 = t[i + 4], v5 = t[i + 5], v6 = t[i + 6], v7 = t[i + 7];
            s0 += v0 * v0;
            s1 += v1 * v1;
            s2 += v2 * v2;
            s3 += v3 * v3;
            s4 += v4 * v4;
            s5 += v5 * v5;
            s6 += v6 * v6;
            s7 += v7 * v7;
        }
        for (; i < end; i++) {
            double v = t[i];
            s0 += v * v;
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /**
     * 0 when every t[i] of [start, end) is finite, else NaN: Σ (t[i] − t[i]) in eight float chains
     * (x − x is +0 for a finite x and NaN for ±∞ and NaN). Where only finiteness matters (no
     * clipping), this decides as {@link #chunkSquares} does at a third of its cost (one float add
     * per element instead of a conversion, a multiply and an add in double): Σg² of finite floats
     * cannot overflow a double, so the norm is finite exactly when every gradient is.
     */
    static double chunkFinite(float[] t, int start, int end) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = start;
        for (; i + 7 < end; i += 8) {
            s0 += t[i] - t[i];
            s1 += t[i + 1] - t[i + 1];
            s2 += t[i + 2] - t[i + 2];
            s3 += t[i + 3] - t[i + 3];
            s4 += t[i + 4] - t[i + 4];
            s5 += t[i + 5] - t[i + 5];
            s6 += t[i + 6] - t[i + 6];
            s7 += t[i + 7] - t[i + 7];
        }
        for (; i < end; i++) {
            s0 += t[i] - t[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    private void columnSumsRange(int from, int to) {
        columnSumsLoop(g, p, size, cols, from, to);
    }

    /** out[j] = Σ_r m[r][j] for columns [from, to), rows in order: {@link #columnSums}'s and the fused gradient's loop. */
    static void columnSumsLoop(float[] m, float[] out, int rows, int cols, int from, int to) {
        for (int j = from; j < to; j++) {
            out[j] = 0f;
        }
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int j = from; j < to; j++) {
                out[j] += m[o + j];
            }
        }
    }

    private void softmaxRows(int from, int to) {
        float[] delta = p;
        float[] z = g;
        float[] out = s1;
        float[] y = s2;
        float perRow = f1;
        for (int r = from; r < to; r++) {
            partial[r] = LossMath.crossEntropyFromLogits(z, y, r * cols, cols);
            for (int j = r * cols; j < (r + 1) * cols; j++) {
                delta[j] = (out[j] - y[j]) * perRow;
            }
        }
    }
}
