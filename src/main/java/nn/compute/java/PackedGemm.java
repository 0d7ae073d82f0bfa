package nn.compute.java;

import java.util.Arrays;

/**
 * c = op(a)·op(b) with a register-blocked micro-kernel on packed panels, as BLAS libraries do:
 * each thread packs a (KC × NC) block of op(b) into strips NR columns wide and an (MC × KC) block
 * of op(a) into strips MR rows tall; a subclass's micro-kernel keeps an MR × NR tile of c in
 * vector registers for the whole KC depth. Block sizes come from the core's caches
 * ({@link Blocking}). Edge tiles are padded with zeros in the packs and written through a small
 * buffer, so panels are never read with masks (slow on JDK 17).
 *
 * <p>Each element of c is a fused multiply-add chain over one KC block in order, added to what the
 * earlier blocks left in c, so results are bitwise independent of the thread count (threads own
 * rows of c). Narrow products (fewer than {@link Gemm#NARROW} columns, more rows) run as
 * cᵀ = op(b)ᵀ·op(a)ᵀ, so that the tile's NR columns run along c's long side, and write their
 * tiles transposed; small products go to the scalar {@link Gemm}.
 */
abstract class PackedGemm implements GemmKernel, WorkerPool.RangeTask {
    /** Products below this many multiply-adds, or narrow ones, go to the scalar kernel. */
    static final long SCALAR_MACS = 1L << 15;

    final int mr;
    final int nr;
    final Blocking blocking;
    private final WorkerPool pool;
    private final Gemm scalar;
    private final Workspace[] workspaces;

    // The product in flight: (i, p) of op(a) is a[i·aRow + p·aCol], (p, j) of op(b) is b[p·bRow + j·bCol].
    private float[] a;
    private float[] b;
    private float[] c;
    private int n;
    private int k;
    private int aRow;
    private int aCol;
    private int bRow;
    private int bCol;
    /** Whether the product in flight computes cᵀ: tile element (i, j) then goes to c[j·n + i]. */
    private boolean transposedC;
    private int cRows;
    /** Whether threads own column strips of c (else rows), and the depth of each KC block. */
    private boolean splitColumns;
    private int depthStep;
    /** Width of each NC block of the product in flight (at most {@code blocking.nc()}). */
    private int blockWidth;
    /** The epilogue of the product in flight (null: none), and the task that runs it after each chunk. */
    private Epilogue epilogue;
    private final WorkerPool.RangeTask fused = this::runFused;

    PackedGemm(WorkerPool pool, CacheSizes caches, int mr, int nr) {
        this.mr = mr;
        this.nr = nr;
        this.blocking = Blocking.of(caches, mr, nr);
        this.pool = pool;
        this.scalar = new Gemm(pool);
        this.workspaces = new Workspace[pool.threads()];
        for (int w = 0; w < workspaces.length; w++) {
            workspaces[w] = new Workspace(blocking, mr, nr);
        }
    }

    /** Bits per vector of this kernel: 128, 256 or 512. */
    abstract int bits();

    @Override
    public int vectorBits() {
        return bits();
    }

    @Override
    public String name() {
        return "vector-" + bits();
    }

    @Override
    public double fmaPeakGflops() {
        return new FmaPeak(pool, bits()).measure(1 << 21, 5);
    }

    @Override
    public void multiply(float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k) {
        long macs = (long) m * n * k;
        if (macs < SCALAR_MACS || k == 0) {
            scalar.multiply(a, transposeA, b, transposeB, c, m, n, k);
            return;
        }
        product(a, transposeA, b, transposeB, c, m, n, k, null);
    }

    /** Fused wherever the packed kernel runs (small products go to the scalar one, unfused). */
    @Override
    public boolean multiplyThen(float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m,
                                int n, int k, Epilogue epilogue) {
        long macs = (long) m * n * k;
        if (macs < SCALAR_MACS || k == 0) {
            return false;
        }
        boolean transposed = n < Gemm.NARROW && m > n;
        int rows = transposed ? n : m;
        int cols = transposed ? m : n;
        // Chunks span whole rows of c when they split c's rows: product rows, or product columns of cᵀ.
        boolean splitsCRows = (cols > rows) == transposed;
        if (epilogue.wholeRows() && !splitsCRows && macs >= Gemm.PARALLEL_MACS) {
            return false;
        }
        product(a, transposeA, b, transposeB, c, m, n, k, epilogue);
        return true;
    }

    private void product(float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k,
                         Epilogue epilogue) {
        long macs = (long) m * n * k;
        this.c = c;
        this.k = k;
        this.transposedC = n < Gemm.NARROW && m > n;
        // cᵀ (n×m) = op(b)ᵀ·op(a)ᵀ: op(b)ᵀ is b read the other way round, and so is op(a)ᵀ.
        int rows = transposedC ? n : m;
        int cols = transposedC ? m : n;
        if (transposedC) {
            setOperands(b, !transposeB, a, !transposeA, rows, cols);
        } else {
            setOperands(a, transposeA, b, transposeB, rows, cols);
        }
        // Equal KC blocks (784 = 4 × 196, not 4 × 192 + 16): a thin last block pays the tile's
        // loads and stores of c for few multiply-adds. The depth depends on k alone.
        int depthLimit = bCol != 1 ? blocking.kcTransposedB() : blocking.kc();
        int blocks = (k + depthLimit - 1) / depthLimit;
        this.depthStep = (k + blocks - 1) / blocks;
        // A block deeper than KC is narrower, so that it fits the same B pack.
        this.blockWidth = depthStep <= blocking.kc() ? blocking.nc()
                : Math.max(nr, Math.min(blocking.nc(), workspaces[0].bPack.length / depthStep / nr * nr));
        // Each thread packs all of the operand it does not split: splitting the longer side of c
        // packs less (W3's 256 × 4096 products: each thread packed all of W when split over rows).
        this.splitColumns = cols > rows;
        int strips = (cols + nr - 1) / nr;
        this.epilogue = epilogue;
        pool.forRange(splitColumns ? strips : rows, macs >= Gemm.PARALLEL_MACS, epilogue == null ? this : fused);
        this.epilogue = null;
        this.a = null;
        this.b = null;
        this.c = null;
    }

    /** A chunk of the product, then the epilogue over the block of c it covers. */
    private void runFused(int from, int to, int worker) {
        run(from, to, worker);
        int pRowFrom = rowStart(from);
        int pRowTo = rowEnd(to);
        int pColFrom = colStart(from);
        int pColTo = colEnd(to);
        if (transposedC) {
            epilogue.apply(pColFrom, pColTo, pRowFrom, pRowTo);
        } else {
            epilogue.apply(pRowFrom, pRowTo, pColFrom, pColTo);
        }
    }

    /** The operands of op(a) (m×k) · op(b) (k×n) as strides; the depth k is already set. */
    private void setOperands(float[] a, boolean transposeA, float[] b, boolean transposeB, int m, int n) {
        this.a = a;
        this.b = b;
        this.n = n;
        this.cRows = m;
        this.aRow = transposeA ? 1 : k;
        this.aCol = transposeA ? m : 1;
        this.bRow = transposeB ? 1 : n;
        this.bCol = transposeB ? k : 1;
    }

    /**
     * Chunk [from, to) of c, rows or NR-wide column strips ({@link #rowStart} and the other three
     * say which part of c): each subclass runs the block loops itself (the same three loops in
     * each), so its micro-kernel is only ever compiled into its own methods. On JDK 17, shared
     * loops that inlined the kernels of two widths fell back to allocating vector objects
     * (measured: 1.5 MB and 20× the time per W2 step) once a second width was loaded.
     */
    @Override
    public abstract void run(int from, int to, int worker);

    Workspace workspace(int worker) {
        return workspaces[worker];
    }

    int n() {
        return n;
    }

    int k() {
        return k;
    }

    float[] c() {
        return c;
    }

    float[] a() {
        return a;
    }

    /** Distance in a between rows of op(a). */
    int aRowStride() {
        return aRow;
    }

    /**
     * Whether whole MR-row strips of op(a) are read in place rather than packed: op(a) row-major
     * (a strip is MR rows, each read forward). Not for row strides that are multiples of 4 KiB,
     * where the MR rows (and a block's rows in L2) would share cache sets. Packing those rows
     * one element at a time cost a fifth of W2's x·W1 (JFR samples).
     */
    boolean directA() {
        return aCol == 1 && aRow % 1024 != 0;
    }

    /**
     * Whether whole MR-row strips of op(a) = aᵀ are read in place: the strip's MR values at one
     * depth sit side by side in a row of a, so the tile reads them with constant offsets and steps
     * by a's row stride. Not for strides that are multiples of 4 KiB, where the depth's rows share
     * cache sets: in place, W3's 4096-wide xᵀ·δ ran 14–17% slower than packed, while W2's xᵀ·δ1
     * (784 wide) and h1ᵀ·δ2 (256) ran 16% and 27% faster (paired rounds, one thread, Zen 5).
     */
    boolean directTransposedA() {
        return aRow == 1 && aCol % 1024 != 0;
    }

    /** Distance in a between depths of op(a) = aᵀ (a's row stride). */
    int aDepthStride() {
        return aCol;
    }

    /** Width of each NC block of the product in flight. */
    int blockWidth() {
        return blockWidth;
    }

    /** Depth of each KC block of the product in flight (at most {@code blocking.kcTransposedB()}). */
    int depthStep() {
        return depthStep;
    }

    /** First row of c (of the product computed) for the chunk [from, to) that {@link #run} gets. */
    int rowStart(int from) {
        return splitColumns ? 0 : from;
    }

    /** End of the rows for the chunk ending at {@code to}. */
    int rowEnd(int to) {
        return splitColumns ? cRows : to;
    }

    /** First column for the chunk starting at {@code from}: chunks of column strips are NR-aligned. */
    int colStart(int from) {
        return splitColumns ? Math.min(n, from * nr) : 0;
    }

    /** End of the columns for the chunk ending at {@code to}. */
    int colEnd(int to) {
        return splitColumns ? Math.min(n, to * nr) : n;
    }

    /** Whether tiles must go through the edge buffer to be written transposed. */
    boolean transposedC() {
        return transposedC;
    }

    /**
     * bPack[strip][p][jj] = op(b)[p0 + p][j0 + strip·NR + jj], zero beyond {@code width}. A
     * row-major op(b) is copied row by row, each row of b read once from start to end: copying it
     * strip by strip read NR floats from each of KC rows 4·n bytes apart (W3's 4096 × 4096 b:
     * 0.82 against 0.17 ns per element, measured; packing was 28% of that product).
     */
    final void packB(float[] bPack, int p0, int depth, int j0, int width) {
        if (bCol != 1) {
            // op(b) = bᵀ: the strip's columns are rows of b.
            for (int s0 = 0; s0 < width; s0 += nr) {
                gatherStrip(b, (j0 + s0) * bCol + p0, bCol, Math.min(nr, width - s0), bPack, s0 * depth, nr, depth);
            }
            return;
        }
        copyRows(b, p0 * bRow + j0, bRow, width, bPack, nr, depth);
    }

    /**
     * pack[strip][p][w] = src[start + p·stride + strip·width + w] for p below {@code depth} and
     * strip·width + w below {@code count}, zero up to whole strips: {@code depth} rows of the
     * source, each read forward once, cut into strips {@code width} wide.
     */
    private static void copyRows(float[] src, int start, int stride, int count, float[] pack, int width, int depth) {
        int whole = count / width * width;
        for (int p = 0; p < depth; p++) {
            int from = start + p * stride;
            int to = p * width;
            for (int s0 = 0; s0 < whole; s0 += width) {
                System.arraycopy(src, from + s0, pack, s0 * depth + to, width);
            }
            if (whole < count) { // the edge strip, padded
                int dst = whole * depth + to;
                System.arraycopy(src, from + whole, pack, dst, count - whole);
                Arrays.fill(pack, dst + count - whole, dst + width, 0f);
            }
        }
    }

    /** aPack[strip][p][ii] = op(a)[i0 + strip·MR + ii][p0 + p], zero beyond {@code height}. */
    final void packA(float[] aPack, int i0, int height, int p0, int depth) {
        if (aRow == 1) {
            // op(a) = aᵀ: the MR values of one p sit side by side in a's row p.
            int start = p0 * aCol + i0;
            if (directTransposedA()) { // whole strips are read in place; only the edge strip is packed
                int whole = height / mr * mr;
                if (whole < height) {
                    copyShortRows(a, start + whole, aCol, height - whole, aPack, whole * depth, mr, depth);
                }
            } else if (mr == 6) {
                copyRowsSix(a, start, aCol, height, aPack, depth);
            } else {
                copyRows(a, start, aCol, height, aPack, mr, depth);
            }
            return;
        }
        for (int s0 = 0; s0 < height; s0 += mr) {
            int rows = Math.min(mr, height - s0);
            if (rows == mr && directA()) {
                continue; // read in place by the tile
            }
            gatherStrip(a, (i0 + s0) * aRow + p0, aRow, rows, aPack, s0 * depth, mr, depth);
        }
    }

    /**
     * {@link #copyRows} into strips six wide (every kernel's MR), with the six moves written out:
     * one {@code System.arraycopy} call per six floats cost 13% of W2's xᵀ·δ1 and 20% of its
     * h1ᵀ·δ2 against these moves (paired rounds, one thread, Zen 5).
     */
    private static void copyRowsSix(float[] src, int start, int stride, int count, float[] pack, int depth) {
        int whole = count / 6 * 6;
        int strip = 6 * depth;
        for (int p = 0; p < depth; p++) {
            int from = start + p * stride;
            int to = p * 6;
            for (int s0 = 0; s0 < whole; s0 += 6) {
                int f = from + s0;
                pack[to] = src[f];
                pack[to + 1] = src[f + 1];
                pack[to + 2] = src[f + 2];
                pack[to + 3] = src[f + 3];
                pack[to + 4] = src[f + 4];
                pack[to + 5] = src[f + 5];
                to += strip;
            }
        }
        if (whole < count) {
            copyShortRows(src, start + whole, stride, count - whole, pack, whole * depth, 6, depth);
        }
    }

    /** One strip: pack[base + p·width + w] = src[start + p·stride + w] for w below {@code count}, zero up to {@code width}. */
    private static void copyShortRows(float[] src, int start, int stride, int count, float[] pack, int base,
                                      int width, int depth) {
        for (int p = 0; p < depth; p++) {
            int from = start + p * stride;
            int to = base + p * width;
            for (int w = 0; w < width; w++) {
                pack[to + w] = w < count ? src[from + w] : 0f;
            }
        }
    }

    /**
     * pack[base + p·width + w] = src[start + w·stride + p] for w below {@code count}, 0 up to
     * {@code width}, p below {@code depth}: {@code count} rows of the source become one strip.
     * Eight rows are read forward side by side and written as eight adjacent floats per p (the
     * strip sits in L1). Eight rows in flight rather than four made W3's δ·Wᵀ (its 4096-wide W
     * from memory) 5–7% faster and left W2's as it was; all 32 of a strip side by side kept 32
     * lines of one cache set in use when the stride is a multiple of 4 KiB (W3's δ·Wᵀ: 1.56
     * against 0.26 ns per element; measured, Zen 5).
     */
    private static void gatherStrip(float[] src, int start, int stride, int count, float[] pack, int base,
                                    int width, int depth) {
        int w = 0;
        for (; w + 7 < count; w += 8) {
            int f0 = start + w * stride;
            int f1 = f0 + stride;
            int f2 = f1 + stride;
            int f3 = f2 + stride;
            int f4 = f3 + stride;
            int f5 = f4 + stride;
            int f6 = f5 + stride;
            int f7 = f6 + stride;
            int dst = base + w;
            for (int p = 0; p < depth; p++) {
                int d = dst + p * width;
                pack[d] = src[f0 + p];
                pack[d + 1] = src[f1 + p];
                pack[d + 2] = src[f2 + p];
                pack[d + 3] = src[f3 + p];
                pack[d + 4] = src[f4 + p];
                pack[d + 5] = src[f5 + p];
                pack[d + 6] = src[f6 + p];
                pack[d + 7] = src[f7 + p];
            }
        }
        for (; w + 3 < count; w += 4) { // the rest of a strip of b, or four of a's six rows
            int f0 = start + w * stride;
            int f1 = f0 + stride;
            int f2 = f1 + stride;
            int f3 = f2 + stride;
            int dst = base + w;
            for (int p = 0; p < depth; p++) {
                int d = dst + p * width;
                pack[d] = src[f0 + p];
                pack[d + 1] = src[f1 + p];
                pack[d + 2] = src[f2 + p];
                pack[d + 3] = src[f3 + p];
            }
        }
        for (; w < count; w++) {
            int from = start + w * stride;
            int dst = base + w;
            for (int p = 0; p < depth; p++) {
                pack[dst + p * width] = src[from + p];
            }
        }
        for (int pad = count; pad < width; pad++) {
            for (int p = 0; p < depth; p++) {
                pack[base + pad + p * width] = 0f;
            }
        }
    }

    /**
     * The first rows × cols of an MR × NR tile whose corner is element (row, col) of the product,
     * from {@code edge} into c (transposed when {@link #transposedC}), added when {@code accumulate}.
     */
    final void writeEdge(float[] edge, int row, int col, int rows, int cols, boolean accumulate) {
        int rowStride = transposedC ? 1 : n;
        int colStride = transposedC ? cRows : 1;
        for (int ii = 0; ii < rows; ii++) {
            for (int jj = 0; jj < cols; jj++) {
                float v = edge[ii * nr + jj];
                int at = (row + ii) * rowStride + (col + jj) * colStride;
                c[at] = accumulate ? c[at] + v : v;
            }
        }
    }

    /** One thread's packs, allocated once; the A pack is padded to whole MR strips. */
    static final class Workspace {
        final float[] aPack;
        final float[] bPack;
        final float[] edge;

        Workspace(Blocking blocking, int mr, int nr) {
            int mcPadded = (blocking.mc() + mr - 1) / mr * mr;
            int ncPadded = (blocking.nc() + nr - 1) / nr * nr;
            aPack = new float[mcPadded * blocking.kcTransposedB()];
            bPack = new float[Math.max(blocking.kc() * ncPadded, blocking.kcTransposedB() * nr)];
            edge = new float[mr * nr];
        }
    }
}
