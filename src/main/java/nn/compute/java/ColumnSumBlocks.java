package nn.compute.java;

/**
 * The bias gradient (δ's column sums) as an epilogue of the weight gradient's product xᵀ·δ, so
 * that both run in one parallel region. It is not an op on the block of c a chunk finished: each
 * chunk sums the share of δ's columns proportional to its share of c (its rows where the product
 * splits c's rows, else its columns), so the chunks' shares cover every column once. Each column
 * is summed by one thread over the rows in order, by {@link ElementOps#columnSumsLoop}: the bits
 * of {@link ElementOps#columnSums}. One product at a time.
 */
final class ColumnSumBlocks implements GemmKernel.Epilogue {
    private float[] delta;
    private float[] sums;
    private int rows;
    private int cols;
    private int cRows;

    /** δ (rows × cols) summed into {@code sums}, alongside a product whose c has {@code cRows} rows and {@code cols} columns. */
    void set(float[] delta, float[] sums, int rows, int cols, int cRows) {
        this.delta = delta;
        this.sums = sums;
        this.rows = rows;
        this.cols = cols;
        this.cRows = cRows;
    }

    @Override
    public void apply(int rowFrom, int rowTo, int colFrom, int colTo) {
        boolean splitsRows = colFrom == 0 && colTo == cols;
        int from = splitsRows ? share(rowFrom, cRows) : colFrom;
        int to = splitsRows ? share(rowTo, cRows) : colTo;
        ElementOps.columnSumsLoop(delta, sums, rows, cols, from, to);
    }

    /** The first column of the share that starts at {@code at} of {@code length}. */
    private int share(int at, int length) {
        return (int) ((long) at * cols / length);
    }

    @Override
    public boolean wholeRows() {
        return false;
    }
}
