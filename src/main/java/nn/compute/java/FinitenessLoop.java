package nn.compute.java;

/**
 * The guarded update's finiteness check when no clipping is asked ({@link ElementOps#chunkFinite}:
 * 0 when every element of a chunk is finite, NaN otherwise). The answer does not depend on the
 * order of the sum, so the Vector API kernels run it lane-wise with their own species (see
 * {@link ReluLoops} for why each kernel's loops use its species): the scalar loop took 67 µs of a
 * W2 step's update against 11.5 µs in 512-bit lanes (one thread, Zen 5, all 235,146 gradients).
 */
interface FinitenessLoop {

    /** 0 when every t[i] of [start, end) is finite, else NaN. */
    double chunkFinite(float[] t, int start, int end);

    /** The scalar sum; it holds no state, so one instance serves every caller. */
    FinitenessLoop SCALAR = ElementOps::chunkFinite;

    /** {@code gemm}'s own vector loop when it has one, else the scalar one. */
    static FinitenessLoop of(GemmKernel gemm) {
        return gemm instanceof FinitenessLoop own ? own : SCALAR;
    }
}
