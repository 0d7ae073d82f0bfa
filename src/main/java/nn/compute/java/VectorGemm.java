package nn.compute.java;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * c = op(a)·op(b) with a register-blocked micro-kernel on packed panels, as BLAS libraries do:
 * each thread packs a (KC × NC) block of op(b) into strips NR = 16 columns wide and an (MC × KC)
 * block of op(a) into strips MR = 4 rows tall; the micro-kernel keeps a 4 × 16 tile of c in eight
 * AVX2 registers for the whole KC depth, doing two FMAs per broadcast of a. Edge tiles are padded
 * with zeros in the packs and written through a small buffer.
 *
 * <p>Each element of c is a fused multiply-add chain over one KC block in order, added to what the
 * earlier blocks left in c, so results are bitwise independent of the thread count. Needs
 * {@code --add-modules jdk.incubator.vector}; {@link GemmKernel#create} loads it only then. Small
 * and narrow products go to the scalar {@link Gemm}.
 */
final class VectorGemm implements GemmKernel, WorkerPool.RangeTask {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    static final int MR = 4;
    static final int NR = 16;
    static final int KC = 256;
    static final int MC = 64;
    static final int NC = 512;
    /** Products below this many multiply-adds, or narrow ones, go to the scalar kernel. */
    static final long SCALAR_MACS = 1L << 15;

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

    VectorGemm(WorkerPool pool) {
        if (S.length() != 8) {
            throw new UnsupportedOperationException("the micro-kernel is laid out for 8-float vectors");
        }
        this.pool = pool;
        this.scalar = new Gemm(pool);
        this.workspaces = new Workspace[pool.threads()];
        for (int w = 0; w < workspaces.length; w++) {
            workspaces[w] = new Workspace();
        }
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void multiply(float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k) {
        long macs = (long) m * n * k;
        if (macs < SCALAR_MACS || k == 0 || (n < Gemm.NARROW && m > n)) {
            scalar.multiply(a, transposeA, b, transposeB, c, m, n, k);
            return;
        }
        this.a = a;
        this.b = b;
        this.c = c;
        this.n = n;
        this.k = k;
        this.aRow = transposeA ? 1 : k;
        this.aCol = transposeA ? m : 1;
        this.bRow = transposeB ? 1 : n;
        this.bCol = transposeB ? k : 1;
        pool.forRange(m, macs >= Gemm.PARALLEL_MACS, this);
        this.a = null;
        this.b = null;
        this.c = null;
    }

    /** Rows [from, to) of c. */
    @Override
    public void run(int from, int to, int worker) {
        Workspace ws = workspaces[worker];
        for (int j0 = 0; j0 < n; j0 += NC) {
            int width = Math.min(NC, n - j0);
            for (int p0 = 0; p0 < k; p0 += KC) {
                int depth = Math.min(KC, k - p0);
                packB(ws.bPack, p0, depth, j0, width);
                for (int i0 = from; i0 < to; i0 += MC) {
                    int height = Math.min(MC, to - i0);
                    packA(ws.aPack, i0, height, p0, depth);
                    macroKernel(ws, i0, height, j0, width, depth, p0 > 0);
                }
            }
        }
    }

    /** bPack[strip][p][jj] = op(b)[p0 + p][j0 + strip·NR + jj], zero beyond {@code width}. */
    private void packB(float[] bPack, int p0, int depth, int j0, int width) {
        for (int s0 = 0; s0 < width; s0 += NR) {
            int cols = Math.min(NR, width - s0);
            int base = s0 * depth;
            if (bCol == 1) {
                for (int p = 0; p < depth; p++) {
                    int src = (p0 + p) * bRow + j0 + s0;
                    int dst = base + p * NR;
                    System.arraycopy(b, src, bPack, dst, cols);
                    Arrays.fill(bPack, dst + cols, dst + NR, 0f);
                }
                continue;
            }
            // op(b) = bᵀ: walk each row of b contiguously (one column of op(b) per pass).
            for (int jj = 0; jj < NR; jj++) {
                int src = (j0 + s0 + jj) * bCol + p0;
                for (int p = 0; p < depth; p++) {
                    bPack[base + p * NR + jj] = jj < cols ? b[src + p] : 0f;
                }
            }
        }
    }

    /** aPack[strip][p][ii] = op(a)[i0 + strip·MR + ii][p0 + p], zero beyond {@code height}. */
    private void packA(float[] aPack, int i0, int height, int p0, int depth) {
        for (int s0 = 0; s0 < height; s0 += MR) {
            int rows = Math.min(MR, height - s0);
            int base = s0 * depth;
            if (aRow == 1) {
                // op(a) = aᵀ: the MR values of one p sit side by side in a's row p.
                for (int p = 0; p < depth; p++) {
                    int src = (p0 + p) * aCol + i0 + s0;
                    for (int ii = 0; ii < MR; ii++) {
                        aPack[base + p * MR + ii] = ii < rows ? a[src + ii] : 0f;
                    }
                }
                continue;
            }
            for (int ii = 0; ii < MR; ii++) {
                int src = (i0 + s0 + ii) * aRow + p0;
                for (int p = 0; p < depth; p++) {
                    aPack[base + p * MR + ii] = ii < rows ? a[src + p] : 0f;
                }
            }
        }
    }

    private void macroKernel(Workspace ws, int i0, int height, int j0, int width, int depth, boolean accumulate) {
        for (int s = 0; s < width; s += NR) {
            int cols = Math.min(NR, width - s);
            for (int r = 0; r < height; r += MR) {
                int rows = Math.min(MR, height - r);
                int cOff = (i0 + r) * n + j0 + s;
                if (rows == MR && cols == NR) {
                    microKernel(ws.aPack, r * depth, ws.bPack, s * depth, depth, c, cOff, n, accumulate);
                } else {
                    microKernel(ws.aPack, r * depth, ws.bPack, s * depth, depth, ws.edge, 0, NR, false);
                    writeEdge(ws.edge, cOff, rows, cols, accumulate);
                }
            }
        }
    }

    private void writeEdge(float[] edge, int cOff, int rows, int cols, boolean accumulate) {
        for (int ii = 0; ii < rows; ii++) {
            for (int jj = 0; jj < cols; jj++) {
                float v = edge[ii * NR + jj];
                int at = cOff + ii * n + jj;
                c[at] = accumulate ? c[at] + v : v;
            }
        }
    }

    /**
     * The 4 × 16 tile at {@code out[outOff]} (row stride {@code ld}) gets Σ_p aPack·bPack over
     * {@code depth}, added to its old value when {@code accumulate}.
     */
    private static void microKernel(float[] aPack, int aOff, float[] bPack, int bOff, int depth,
                                    float[] out, int outOff, int ld, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        for (int p = 0; p < depth; p++) {
            int bi = bOff + p * NR;
            int ai = aOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bPack, bi);
            FloatVector b1 = FloatVector.fromArray(S, bPack, bi + 8);
            FloatVector a0 = FloatVector.broadcast(S, aPack[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, aPack[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, aPack[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, aPack[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        store(c00, c01, out, outOff, accumulate);
        store(c10, c11, out, outOff + ld, accumulate);
        store(c20, c21, out, outOff + 2 * ld, accumulate);
        store(c30, c31, out, outOff + 3 * ld, accumulate);
    }

    private static void store(FloatVector left, FloatVector right, float[] out, int off, boolean accumulate) {
        if (accumulate) {
            left = FloatVector.fromArray(S, out, off).add(left);
            right = FloatVector.fromArray(S, out, off + 8).add(right);
        }
        left.intoArray(out, off);
        right.intoArray(out, off + 8);
    }

    /** One thread's packs, allocated once. */
    private static final class Workspace {
        final float[] aPack = new float[MC * KC];
        final float[] bPack = new float[KC * NC];
        final float[] edge = new float[MR * NR];
    }
}
