package nn.compute.java;

/**
 * A batch's input and target rows gathered in one parallel region, split over the batch's rows:
 * W2's 128 × 784 inputs are 400 KB a step, which one thread copies while the others wait. Each
 * row is copied whole by one thread, so the split changes nothing. One gather at a time.
 */
final class BatchGather implements WorkerPool.RangeTask {
    /** Below this many floats a gather runs on the caller. */
    static final int PARALLEL_FLOATS = 1 << 15;

    private final WorkerPool pool;
    private float[] srcX;
    private float[] srcY;
    private float[] dstX;
    private float[] dstY;
    private int xCols;
    private int yCols;
    private int[] indices;
    private int offset;

    BatchGather(WorkerPool pool) {
        this.pool = pool;
    }

    /** dstX[r] = srcX[indices[offset + r]] and dstY[r] likewise, for r below {@code rows}. */
    void gather(float[] srcX, int xCols, float[] srcY, int yCols, int[] indices, int offset, float[] dstX,
                float[] dstY, int rows) {
        this.srcX = srcX;
        this.srcY = srcY;
        this.dstX = dstX;
        this.dstY = dstY;
        this.xCols = xCols;
        this.yCols = yCols;
        this.indices = indices;
        this.offset = offset;
        pool.forRange(rows, (long) rows * (xCols + yCols) >= PARALLEL_FLOATS, this);
        this.srcX = null;
        this.srcY = null;
        this.dstX = null;
        this.dstY = null;
        this.indices = null;
    }

    @Override
    public void run(int from, int to, int worker) {
        for (int r = from; r < to; r++) {
            int row = indices[offset + r];
            System.arraycopy(srcX, row * xCols, dstX, r * xCols, xCols);
            System.arraycopy(srcY, row * yCols, dstY, r * yCols, yCols);
        }
    }
}
