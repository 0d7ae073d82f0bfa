package nn.compute.java;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The packed GEMM with 256-bit vectors. AVX2: a 6 × 16 tile in 12 accumulators of 8 floats (BLIS's
 * Haswell/Zen shape), which leaves registers for two rows of b and a broadcast among the 16 ymm
 * registers.
 * Every c element is a fused multiply-add chain per KC block, so the tile shape changes no
 * result (only the block depth does). Loaded only when {@code jdk.incubator.vector} is present.
 * Kernel128, Kernel256 and Kernel512 share their shape on purpose: each names its species as a
 * {@code static final} constant, which the Vector API needs to compile to vector instructions
 * (a species passed in as a value would leave the loop on the slow, allocating path).
 */
final class Kernel256 extends PackedGemm implements ReluLoops {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    static final int MR = 6;
    static final int NR = 16;

    Kernel256(WorkerPool pool, CacheSizes caches) {
        super(pool, caches, MR, NR);
    }

    @Override
    int bits() {
        return 256;
    }

    @Override
    public void run(int from, int to, int worker) {
        Workspace ws = workspace(worker);
        int k = k();
        int kc = depthStep();
        int rowFrom = rowStart(from);
        int rowTo = rowEnd(to);
        int colTo = colEnd(to);
        int nc = blockWidth();
        for (int j0 = colStart(from); j0 < colTo; j0 += nc) {
            int width = Math.min(nc, colTo - j0);
            for (int p0 = 0; p0 < k; p0 += kc) {
                int depth = Math.min(kc, k - p0);
                packB(ws.bPack, p0, depth, j0, width);
                for (int i0 = rowFrom; i0 < rowTo; i0 += blocking.mc()) {
                    int height = Math.min(blocking.mc(), rowTo - i0);
                    packA(ws.aPack, i0, height, p0, depth);
                    macroKernel(ws, i0, height, j0, width, p0, depth);
                }
            }
        }
    }

    private void macroKernel(Workspace ws, int i0, int height, int j0, int width, int p0, int depth) {
        int n = n();
        float[] c = c();
        boolean accumulate = p0 > 0;
        boolean direct = directA();
        boolean directT = directTransposedA();
        int depthStride = aDepthStride();
        int lda = aRowStride();
        float[] a = a();
        for (int s = 0; s < width; s += NR) {
            int cols = Math.min(NR, width - s);
            for (int r = 0; r < height; r += MR) {
                int rows = Math.min(MR, height - r);
                int cOff = (i0 + r) * n + j0 + s;
                // a whole strip of op(a) is read in place where it can be (row-major, or aᵀ); edge strips come packed
                boolean inPlace = direct && rows == MR;
                int aOff = (i0 + r) * lda + p0;
                boolean whole = rows == MR && cols == NR && !transposedC();
                float[] out = whole ? c : ws.edge;
                int outOff = whole ? cOff : 0;
                int ld = whole ? n : NR;
                boolean add = whole && accumulate;
                if (directT && rows == MR) {
                    tileInPlaceTransposed(a, p0 * depthStride + i0 + r, depthStride, ws.bPack, s * depth, depth, out,
                            outOff, ld, add);
                } else if (inPlace) {
                    tileInPlace(a, aOff, lda, ws.bPack, s * depth, depth, out, outOff, ld, add);
                } else {
                    tile(ws.aPack, r * depth, ws.bPack, s * depth, depth, out, outOff, ld, add);
                }
                if (!whole) {
                    writeEdge(ws.edge, i0 + r, j0 + s, rows, cols, accumulate);
                }
            }
        }
    }

    /**
     * The MR × NR tile at {@code out[outOff]} (row stride {@code ld}) gets Σ_p aPack·bPack over
     * {@code depth}, added to its old value when {@code accumulate}.
     */
    private static void tile(float[] aPack, int aOff, float[] bPack, int bOff, int depth,
                             float[] out, int outOff, int ld, boolean accumulate) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z;
        FloatVector c01 = z;
        FloatVector c10 = z;
        FloatVector c11 = z;
        FloatVector c20 = z;
        FloatVector c21 = z;
        FloatVector c30 = z;
        FloatVector c31 = z;
        FloatVector c40 = z;
        FloatVector c41 = z;
        FloatVector c50 = z;
        FloatVector c51 = z;
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
            FloatVector a4 = FloatVector.broadcast(S, aPack[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, aPack[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        int o0 = outOff;
        (accumulate ? c00.add(FloatVector.fromArray(S, out, o0)) : c00).intoArray(out, o0);
        (accumulate ? c01.add(FloatVector.fromArray(S, out, o0 + 8)) : c01).intoArray(out, o0 + 8);
        int o1 = outOff + ld;
        (accumulate ? c10.add(FloatVector.fromArray(S, out, o1)) : c10).intoArray(out, o1);
        (accumulate ? c11.add(FloatVector.fromArray(S, out, o1 + 8)) : c11).intoArray(out, o1 + 8);
        int o2 = outOff + 2 * ld;
        (accumulate ? c20.add(FloatVector.fromArray(S, out, o2)) : c20).intoArray(out, o2);
        (accumulate ? c21.add(FloatVector.fromArray(S, out, o2 + 8)) : c21).intoArray(out, o2 + 8);
        int o3 = outOff + 3 * ld;
        (accumulate ? c30.add(FloatVector.fromArray(S, out, o3)) : c30).intoArray(out, o3);
        (accumulate ? c31.add(FloatVector.fromArray(S, out, o3 + 8)) : c31).intoArray(out, o3 + 8);
        int o4 = outOff + 4 * ld;
        (accumulate ? c40.add(FloatVector.fromArray(S, out, o4)) : c40).intoArray(out, o4);
        (accumulate ? c41.add(FloatVector.fromArray(S, out, o4 + 8)) : c41).intoArray(out, o4 + 8);
        int o5 = outOff + 5 * ld;
        (accumulate ? c50.add(FloatVector.fromArray(S, out, o5)) : c50).intoArray(out, o5);
        (accumulate ? c51.add(FloatVector.fromArray(S, out, o5 + 8)) : c51).intoArray(out, o5 + 8);
    }

    /**
     * As {@link #tile}, with the tile's a read in place: row ii at depth p is
     * {@code a[aOff + p + ii·lda]}. A copy of the loop, not a generalisation of it: strides as
     * variables in the packed loop made it 15–20% slower (measured).
     */
    private static void tileInPlace(float[] a, int aOff, int lda, float[] bPack, int bOff, int depth,
                             float[] out, int outOff, int ld, boolean accumulate) {
        int at1 = lda;
        int at2 = 2 * lda;
        int at3 = 3 * lda;
        int at4 = 4 * lda;
        int at5 = 5 * lda;
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z;
        FloatVector c01 = z;
        FloatVector c10 = z;
        FloatVector c11 = z;
        FloatVector c20 = z;
        FloatVector c21 = z;
        FloatVector c30 = z;
        FloatVector c31 = z;
        FloatVector c40 = z;
        FloatVector c41 = z;
        FloatVector c50 = z;
        FloatVector c51 = z;
        for (int p = 0; p < depth; p++) {
            int bi = bOff + p * NR;
            int ai = aOff + p;
            FloatVector b0 = FloatVector.fromArray(S, bPack, bi);
            FloatVector b1 = FloatVector.fromArray(S, bPack, bi + 8);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + at1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + at2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + at3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ai + at4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ai + at5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        int o0 = outOff;
        (accumulate ? c00.add(FloatVector.fromArray(S, out, o0)) : c00).intoArray(out, o0);
        (accumulate ? c01.add(FloatVector.fromArray(S, out, o0 + 8)) : c01).intoArray(out, o0 + 8);
        int o1 = outOff + ld;
        (accumulate ? c10.add(FloatVector.fromArray(S, out, o1)) : c10).intoArray(out, o1);
        (accumulate ? c11.add(FloatVector.fromArray(S, out, o1 + 8)) : c11).intoArray(out, o1 + 8);
        int o2 = outOff + 2 * ld;
        (accumulate ? c20.add(FloatVector.fromArray(S, out, o2)) : c20).intoArray(out, o2);
        (accumulate ? c21.add(FloatVector.fromArray(S, out, o2 + 8)) : c21).intoArray(out, o2 + 8);
        int o3 = outOff + 3 * ld;
        (accumulate ? c30.add(FloatVector.fromArray(S, out, o3)) : c30).intoArray(out, o3);
        (accumulate ? c31.add(FloatVector.fromArray(S, out, o3 + 8)) : c31).intoArray(out, o3 + 8);
        int o4 = outOff + 4 * ld;
        (accumulate ? c40.add(FloatVector.fromArray(S, out, o4)) : c40).intoArray(out, o4);
        (accumulate ? c41.add(FloatVector.fromArray(S, out, o4 + 8)) : c41).intoArray(out, o4 + 8);
        int o5 = outOff + 5 * ld;
        (accumulate ? c50.add(FloatVector.fromArray(S, out, o5)) : c50).intoArray(out, o5);
        (accumulate ? c51.add(FloatVector.fromArray(S, out, o5 + 8)) : c51).intoArray(out, o5 + 8);
    }

    /**
     * As {@link #tileInPlace}, for op(a) = aᵀ: row ii at depth p is {@code a[aOff + ii + p·lda]},
     * the tile's six values of one depth side by side. Its own copy again: the two loops as one,
     * with both strides as variables, ran W2's xᵀ·δ1 1.5× slower (measured).
     */
    private static void tileInPlaceTransposed(float[] a, int aOff, int lda, float[] bPack, int bOff, int depth,
                                              float[] out, int outOff, int ld, boolean accumulate) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z;
        FloatVector c01 = z;
        FloatVector c10 = z;
        FloatVector c11 = z;
        FloatVector c20 = z;
        FloatVector c21 = z;
        FloatVector c30 = z;
        FloatVector c31 = z;
        FloatVector c40 = z;
        FloatVector c41 = z;
        FloatVector c50 = z;
        FloatVector c51 = z;
        for (int p = 0; p < depth; p++) {
            int bi = bOff + p * NR;
            int ai = aOff + p * lda;
            FloatVector b0 = FloatVector.fromArray(S, bPack, bi);
            FloatVector b1 = FloatVector.fromArray(S, bPack, bi + 8);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        int o0 = outOff;
        (accumulate ? c00.add(FloatVector.fromArray(S, out, o0)) : c00).intoArray(out, o0);
        (accumulate ? c01.add(FloatVector.fromArray(S, out, o0 + 8)) : c01).intoArray(out, o0 + 8);
        int o1 = outOff + ld;
        (accumulate ? c10.add(FloatVector.fromArray(S, out, o1)) : c10).intoArray(out, o1);
        (accumulate ? c11.add(FloatVector.fromArray(S, out, o1 + 8)) : c11).intoArray(out, o1 + 8);
        int o2 = outOff + 2 * ld;
        (accumulate ? c20.add(FloatVector.fromArray(S, out, o2)) : c20).intoArray(out, o2);
        (accumulate ? c21.add(FloatVector.fromArray(S, out, o2 + 8)) : c21).intoArray(out, o2 + 8);
        int o3 = outOff + 3 * ld;
        (accumulate ? c30.add(FloatVector.fromArray(S, out, o3)) : c30).intoArray(out, o3);
        (accumulate ? c31.add(FloatVector.fromArray(S, out, o3 + 8)) : c31).intoArray(out, o3 + 8);
        int o4 = outOff + 4 * ld;
        (accumulate ? c40.add(FloatVector.fromArray(S, out, o4)) : c40).intoArray(out, o4);
        (accumulate ? c41.add(FloatVector.fromArray(S, out, o4 + 8)) : c41).intoArray(out, o4 + 8);
        int o5 = outOff + 5 * ld;
        (accumulate ? c50.add(FloatVector.fromArray(S, out, o5)) : c50).intoArray(out, o5);
        (accumulate ? c51.add(FloatVector.fromArray(S, out, o5 + 8)) : c51).intoArray(out, o5 + 8);
    }

    /** Vectors from the block's first column (chunks start on NR strips; a whole row starts at 0). */
    @Override
    public void biasReluColumns(float[] z, float[] bias, float[] out, int cols, int from, int to, int colFrom,
                                int colTo) {
        if (colTo - colFrom < S.length()) {
            // No whole vector per row (W1's 3 units): the plain loop, without making vectors at all,
            // which the JIT does not always scalarise here (measured: W1 5.4 -> 35 ms without this).
            ReluLoops.super.biasReluColumns(z, bias, out, cols, from, to, colFrom, colTo);
            return;
        }
        FloatVector zero = FloatVector.zero(S);
        int bound = colFrom + S.loopBound(colTo - colFrom);
        for (int r = from; r < to; r++) {
            int o = r * cols;
            int j = colFrom;
            for (; j < bound; j += S.length()) {
                FloatVector v = FloatVector.fromArray(S, z, o + j).add(FloatVector.fromArray(S, bias, j));
                v.intoArray(z, o + j);
                VectorMask<Float> positive = v.compare(VectorOperators.GT, zero);
                zero.blend(v, positive).intoArray(out, o + j);
            }
            ReluLoops.Scalar.biasReluRow(z, bias, out, o, j, colTo);
        }
    }

    @Override
    public void reluBackward(float[] delta, float[] z, int from, int to) {
        if (to - from < S.length()) {
            ReluLoops.SCALAR.reluBackward(delta, z, from, to); // as in biasReluColumns: no vectors for less than one
            return;
        }
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = from;
        for (; i + S.length() <= to; i += S.length()) {
            VectorMask<Float> positive = FloatVector.fromArray(S, z, i).compare(VectorOperators.GT, zero);
            // δ·1 or δ·0, never a select of δ: NaN and infinite δ stay what the scalar multiply makes of them
            FloatVector.fromArray(S, delta, i).mul(zero.blend(one, positive)).intoArray(delta, i);
        }
        for (; i < to; i++) {
            delta[i] *= z[i] > 0 ? 1f : 0f;
        }
    }
}
