package nn.compute.java;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The packed GEMM with 256-bit vectors. AVX2: a 6 × 16 tile in 12 accumulators of 8 floats (BLIS's
 * Haswell/Zen shape), which leaves registers for two rows of b and a broadcast among the 16 ymm
 * registers.
 * Every c element is a fused multiply-add chain per KC block, so the tile shape changes no
 * result (only the block depth does). Loaded only when {@code jdk.incubator.vector} is present.
 */
final class Kernel256 extends PackedGemm {
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
        store(c00, c01, out, outOff, accumulate);
        store(c10, c11, out, outOff + ld, accumulate);
        store(c20, c21, out, outOff + 2 * ld, accumulate);
        store(c30, c31, out, outOff + 3 * ld, accumulate);
        store(c40, c41, out, outOff + 4 * ld, accumulate);
        store(c50, c51, out, outOff + 5 * ld, accumulate);
    }

    private static void store(FloatVector left, FloatVector right, float[] out, int off, boolean accumulate) {
        if (accumulate) {
            left = FloatVector.fromArray(S, out, off).add(left);
            right = FloatVector.fromArray(S, out, off + 8).add(right);
        }
        left.intoArray(out, off);
        right.intoArray(out, off + 8);
    }
}
