package nn.compute.java;

import java.util.Arrays;

/**
 * c = op(a)·op(b) for row-major arrays, any of the four transpose forms, without transposing
 * anything in memory up front. Big products run blocked: each thread copies a (KC × NC) block of
 * op(b) into rows of their own arrays, keeps one row of c in a contiguous accumulator, and adds
 * four rank-1 updates per pass, {@code acc[j] += a0·b0[j] + a1·b1[j] + a2·b2[j] + a3·b3[j]}, a
 * loop over a plain index that C2 compiles to AVX2 (it does not vectorise the same loop on offset
 * indices into flat arrays). Small products take a plain triple loop on the caller.
 *
 * <p>Every element of c is summed in the same order (KC blocks in order, four terms at a time, a
 * remainder one at a time) whatever rows a thread owns, so results are bitwise independent of the
 * thread count. Not thread-safe: one product at a time, as the backend is driven by one thread.
 */
final class Gemm implements GemmKernel, WorkerPool.RangeTask {

    /** Depth of a packed block of op(b): 256 rows × 256 floats = 256 KiB, half of Zen 3's L2. */
    static final int KC = 256;
    /** Width of a packed block of op(b). */
    static final int NC = 256;
    /** Below this many multiply-adds a product runs on the caller: a hand-off costs more. */
    static final long PARALLEL_MACS = 1L << 18;
    /** Below this many multiply-adds packing costs more than it saves. */
    static final long BLOCKED_MACS = 1L << 12;
    /**
     * Narrower outputs are computed as cᵀ = op(b)ᵀ·op(a)ᵀ, so the vectorised loop runs along c's
     * long side (the 10-class output layer would otherwise run 10-wide loops).
     */
    static final int NARROW = 32;

    private final WorkerPool pool;
    private final Workspace[] workspaces;

    // The product in flight: element (i, p) of op(a) is a[i·aRow + p·aCol], (p, j) of op(b) is
    // b[p·bRow + j·bCol], (i, j) of the result is c[i·cRow + j·cCol].
    private float[] a;
    private float[] b;
    private float[] c;
    private int n;
    private int k;
    private int aRow;
    private int aCol;
    private int bRow;
    private int bCol;
    private int cRow;
    private int cCol;

    Gemm(WorkerPool pool) {
        this.pool = pool;
        this.workspaces = new Workspace[pool.threads()];
        for (int w = 0; w < workspaces.length; w++) {
            workspaces[w] = new Workspace();
        }
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void multiply(float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k) {
        this.c = c;
        this.k = k;
        int aRowStride = transposeA ? 1 : k;
        int aColStride = transposeA ? m : 1;
        int bRowStride = transposeB ? 1 : n;
        int bColStride = transposeB ? k : 1;
        long macs = (long) m * n * k;
        if (n < NARROW && m > n && macs >= BLOCKED_MACS) {
            // cᵀ (n×m) = op(b)ᵀ·op(a)ᵀ: op(b)ᵀ[j][p] = op(b)[p][j], op(a)ᵀ[p][i] = op(a)[i][p].
            setOperands(b, bColStride, bRowStride, a, aColStride, aRowStride, m, 1, n);
            pool.forRange(n, macs >= PARALLEL_MACS, this);
        } else {
            setOperands(a, aRowStride, aColStride, b, bRowStride, bColStride, n, n, 1);
            if (macs < BLOCKED_MACS || k == 0) {
                naive(m);
            } else {
                pool.forRange(m, macs >= PARALLEL_MACS, this);
            }
        }
        this.a = null;
        this.b = null;
        this.c = null;
    }

    private void setOperands(float[] left, int leftRow, int leftCol, float[] right, int rightRow, int rightCol,
                             int width, int resultRow, int resultCol) {
        this.a = left;
        this.aRow = leftRow;
        this.aCol = leftCol;
        this.b = right;
        this.bRow = rightRow;
        this.bCol = rightCol;
        this.n = width;
        this.cRow = resultRow;
        this.cCol = resultCol;
    }

    private void naive(int m) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum += a[i * aRow + p * aCol] * b[p * bRow + j * bCol];
                }
                c[i * cRow + j * cCol] = sum;
            }
        }
    }

    /** Rows [from, to) of c, block by block. */
    @Override
    public void run(int from, int to, int worker) {
        Workspace ws = workspaces[worker];
        for (int j0 = 0; j0 < n; j0 += NC) {
            int width = Math.min(NC, n - j0);
            for (int p0 = 0; p0 < k; p0 += KC) {
                int depth = Math.min(KC, k - p0);
                packB(ws.panel, p0, depth, j0, width);
                for (int i = from; i < to; i++) {
                    rowBlock(ws, i, p0, depth, j0, width);
                }
            }
        }
    }

    /** panel[pp][jj] = op(b)[p0 + pp][j0 + jj]. */
    private void packB(float[][] panel, int p0, int depth, int j0, int width) {
        if (bCol == 1) {
            for (int pp = 0; pp < depth; pp++) {
                System.arraycopy(b, (p0 + pp) * bRow + j0, panel[pp], 0, width);
            }
            return;
        }
        // op(b) = bᵀ: read b's rows contiguously, scatter across the panel's rows.
        for (int jj = 0; jj < width; jj++) {
            int base = (j0 + jj) * bCol + p0;
            for (int pp = 0; pp < depth; pp++) {
                panel[pp][jj] = b[base + pp];
            }
        }
    }

    /** c[i][j0, j0+width) += Σ_{p in block} op(a)[i][p] · panel[p − p0][·]. */
    private void rowBlock(Workspace ws, int i, int p0, int depth, int j0, int width) {
        float[] acc = ws.accumulator;
        int ci = i * cRow + j0 * cCol;
        if (p0 == 0) {
            Arrays.fill(acc, 0, width, 0f);
        } else if (cCol == 1) {
            System.arraycopy(c, ci, acc, 0, width);
        } else {
            for (int jj = 0; jj < width; jj++) {
                acc[jj] = c[ci + jj * cCol];
            }
        }
        float[][] panel = ws.panel;
        int ai = i * aRow + p0 * aCol;
        int pp = 0;
        for (; pp + 3 < depth; pp += 4) {
            int ap = ai + pp * aCol;
            rank4(acc, panel[pp], panel[pp + 1], panel[pp + 2], panel[pp + 3],
                    a[ap], a[ap + aCol], a[ap + 2 * aCol], a[ap + 3 * aCol], width);
        }
        for (; pp < depth; pp++) {
            rank1(acc, panel[pp], a[ai + pp * aCol], width);
        }
        if (cCol == 1) {
            System.arraycopy(acc, 0, c, ci, width);
        } else {
            for (int jj = 0; jj < width; jj++) {
                c[ci + jj * cCol] = acc[jj];
            }
        }
    }

    /** The hot loop: plain indices from 0 over distinct arrays, so C2 vectorises it. */
    private static void rank4(float[] acc, float[] b0, float[] b1, float[] b2, float[] b3,
                              float a0, float a1, float a2, float a3, int width) {
        for (int j = 0; j < width; j++) {
            acc[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
        }
    }

    private static void rank1(float[] acc, float[] b0, float a0, int width) {
        for (int j = 0; j < width; j++) {
            acc[j] += a0 * b0[j];
        }
    }

    /** One thread's scratch, allocated once: a packed block of op(b) and one row of c. */
    private static final class Workspace {
        final float[][] panel = new float[KC][NC];
        final float[] accumulator = new float[NC];
    }
}
