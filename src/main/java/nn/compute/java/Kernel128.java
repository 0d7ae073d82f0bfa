package nn.compute.java;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The packed GEMM with 128-bit vectors. NEON-sized (ARM: Graviton, Apple) and SSE: an 8 × 8 tile in 16
 * accumulators of 4 floats, the shape of published NEON sgemm kernels.
 * Every c element is a fused multiply-add chain per KC block, so the tile shape changes no
 * result (only the block depth does). Loaded only when {@code jdk.incubator.vector} is present.
 */
final class Kernel128 extends PackedGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_128;
    static final int MR = 8;
    static final int NR = 8;

    Kernel128(WorkerPool pool, CacheSizes caches) {
        super(pool, caches, MR, NR);
    }

    @Override
    int bits() {
        return 128;
    }

    @Override
    void microKernel(float[] aPack, int aOff, float[] bPack, int bOff, int depth,
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
        FloatVector c60 = z;
        FloatVector c61 = z;
        FloatVector c70 = z;
        FloatVector c71 = z;
        for (int p = 0; p < depth; p++) {
            int bi = bOff + p * NR;
            int ai = aOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bPack, bi);
            FloatVector b1 = FloatVector.fromArray(S, bPack, bi + 4);
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
            FloatVector a6 = FloatVector.broadcast(S, aPack[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, aPack[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        store(c00, c01, out, outOff, accumulate);
        store(c10, c11, out, outOff + ld, accumulate);
        store(c20, c21, out, outOff + 2 * ld, accumulate);
        store(c30, c31, out, outOff + 3 * ld, accumulate);
        store(c40, c41, out, outOff + 4 * ld, accumulate);
        store(c50, c51, out, outOff + 5 * ld, accumulate);
        store(c60, c61, out, outOff + 6 * ld, accumulate);
        store(c70, c71, out, outOff + 7 * ld, accumulate);
    }

    private static void store(FloatVector left, FloatVector right, float[] out, int off, boolean accumulate) {
        if (accumulate) {
            left = FloatVector.fromArray(S, out, off).add(left);
            right = FloatVector.fromArray(S, out, off + 4).add(right);
        }
        left.intoArray(out, off);
        right.intoArray(out, off + 4);
    }
}
