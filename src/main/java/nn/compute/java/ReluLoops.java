package nn.compute.java;

/**
 * The two ReLU loops of a training step (bias + ReLU forward, ReLU' ∘ δ backward), exactly as
 * {@link nn.compute.Activation#RELU} defines them (NaN and −0 give 0; δ keeps NaN). The scalar
 * loops compile to a compare and a branch per element, which the random signs of a hidden layer
 * mispredict about half the time (measured: 5.6 ns per element, 4–10× the vector loops), so the
 * Vector API kernels implement them too, with a compare mask and a blend. They must: on JDK 17 a
 * second vector species anywhere in the JVM (a 256-bit ReLU beside the 512-bit GEMM) made the
 * GEMM 5× slower (measured), so each kernel's loops use its own species.
 */
interface ReluLoops {

    /** For rows [from, to) of a {@code cols}-wide batch: z[r][j] += bias[j], out[r][j] = relu(z[r][j]). */
    default void biasRelu(float[] z, float[] bias, float[] out, int cols, int from, int to) {
        biasReluColumns(z, bias, out, cols, from, to, 0, cols);
    }

    /** delta[i] ∗= (z[i] > 0 ? 1 : 0) for i in [from, to). */
    void reluBackward(float[] delta, float[] z, int from, int to);

    /**
     * As {@link #biasRelu}, for columns [colFrom, colTo) of the rows only: the part of a layer's
     * output that one thread's GEMM chunk left (a product split over column strips). The same
     * values as {@link #biasRelu} (which is this over all columns); this default is the plain loop.
     */
    default void biasReluColumns(float[] z, float[] bias, float[] out, int cols, int from, int to, int colFrom,
                                 int colTo) {
        for (int r = from; r < to; r++) {
            Scalar.biasReluRow(z, bias, out, r * cols, colFrom, colTo);
        }
    }

    /** The plain loops; they hold no state, so one instance serves every caller. */
    ReluLoops SCALAR = new Scalar();

    /** {@code gemm}'s own vector loops when it has them (the same species as its tiles), else the scalar ones. */
    static ReluLoops of(GemmKernel gemm) {
        return gemm instanceof ReluLoops own ? own : SCALAR;
    }

    /** The plain loops (also the tails of the vector ones). */
    final class Scalar implements ReluLoops {
        @Override
        public void reluBackward(float[] delta, float[] z, int from, int to) {
            for (int i = from; i < to; i++) {
                delta[i] *= z[i] > 0 ? 1f : 0f;
            }
        }

        /** Columns [j0, cols) of the row starting at {@code o} ({@code cols} may be a block's end). */
        static void biasReluRow(float[] z, float[] bias, float[] out, int o, int j0, int cols) {
            for (int j = j0; j < cols; j++) {
                float v = z[o + j] + bias[j];
                z[o + j] = v;
                out[o + j] = v > 0 ? v : 0f;
            }
        }
    }
}
