package nn.compute.java;

import nn.compute.Activation;
import nn.compute.ActivationFunction;

/**
 * The elementwise ops of a training step (bias + activation, activation' ∘ δ, the SGD update),
 * split over rows between the pool's threads when big enough. Rows are independent, so the
 * result does not depend on the split. One op at a time: the fields describe the op in flight,
 * so a call allocates nothing.
 */
final class RowOps implements WorkerPool.RangeTask {

    /** Below this many elements an op runs on the caller: a hand-off costs more. */
    static final int PARALLEL_ELEMENTS = 1 << 14;

    private enum Op { BIAS_ACTIVATION, ACTIVATION_BACKWARD, SGD }

    private final WorkerPool pool;
    private Op op;
    private float[] x;
    private float[] y;
    private float[] w;
    private ActivationFunction act;
    private int cols;
    private float scale;

    private final ReluLoops relu;
    private final BlockEpilogue forwardBlocks = new BlockEpilogue(false);
    private final BlockEpilogue backwardBlocks = new BlockEpilogue(true);

    /** Row ops over {@code pool} whose ReLU loops are {@code relu}'s. */
    RowOps(WorkerPool pool, ReluLoops relu) {
        this.pool = pool;
        this.relu = relu;
    }

    /** Row ops with the scalar ReLU loops. */
    RowOps(WorkerPool pool) {
        this(pool, ReluLoops.SCALAR);
    }

    /** z += bias (broadcast, when not null), out = act(z), for a rows × cols batch. */
    void biasActivation(float[] z, float[] bias, ActivationFunction act, float[] out, int rows, int cols) {
        set(Op.BIAS_ACTIVATION, z, bias, out, act, cols, 0f);
        pool.forRange(rows, (long) rows * cols >= PARALLEL_ELEMENTS, this);
    }

    /** delta ∗= act'(z) (for softmax the Jacobian-vector product), given out = act(z). */
    void activationBackward(float[] delta, float[] z, float[] out, ActivationFunction act, int rows, int cols) {
        set(Op.ACTIVATION_BACKWARD, delta, z, out, act, cols, 0f);
        pool.forRange(rows, (long) rows * cols >= PARALLEL_ELEMENTS, this);
    }

    /**
     * {@link #biasActivation} as a GEMM epilogue: each block of z as the product's chunks finish it.
     * The same values: whole rows take the same loops, column blocks the same per-element ones.
     */
    GemmKernel.Epilogue biasActivationBlocks(float[] z, float[] bias, ActivationFunction act, float[] out, int cols) {
        set(Op.BIAS_ACTIVATION, z, bias, out, act, cols, 0f);
        return forwardBlocks;
    }

    /** {@link #activationBackward} as a GEMM epilogue on the blocks of delta, as {@link #biasActivationBlocks}. */
    GemmKernel.Epilogue activationBackwardBlocks(float[] delta, float[] z, float[] out, ActivationFunction act,
                                                 int cols) {
        set(Op.ACTIVATION_BACKWARD, delta, z, out, act, cols, 0f);
        return backwardBlocks;
    }

    /** param −= learningRate · grad over {@code size} elements. */
    void sgd(float[] param, float[] grad, float learningRate, int size) {
        set(Op.SGD, param, grad, null, null, 1, learningRate);
        pool.forRange(size, size >= PARALLEL_ELEMENTS, this);
    }

    private void set(Op op, float[] x, float[] y, float[] w, ActivationFunction act, int cols, float scale) {
        this.op = op;
        this.x = x;
        this.y = y;
        this.w = w;
        this.act = act;
        this.cols = cols;
        this.scale = scale;
    }

    @Override
    public void run(int from, int to, int worker) {
        switch (op) {
            case BIAS_ACTIVATION -> biasActivationRows(from, to);
            case ACTIVATION_BACKWARD -> activationBackwardRows(from, to);
            case SGD -> sgdRange(from, to);
        }
    }

    /** Columns [colFrom, colTo) of rows [from, to) (never softmax: its blocks span whole rows). */
    private void biasActivationBlock(int from, int to, int colFrom, int colTo) {
        float[] z = x;
        float[] bias = y;
        float[] out = w;
        if (act == Activation.RELU && bias != null) {
            relu.biasReluColumns(z, bias, out, cols, from, to, colFrom, colTo);
            return;
        }
        for (int r = from; r < to; r++) {
            int o = r * cols;
            for (int j = colFrom; j < colTo; j++) {
                if (bias != null) {
                    z[o + j] += bias[j];
                }
                out[o + j] = act.apply(z[o + j]);
            }
        }
    }

    private void activationBackwardBlock(int from, int to, int colFrom, int colTo) {
        float[] delta = x;
        float[] z = y;
        float[] out = w;
        for (int r = from; r < to; r++) {
            int o = r * cols;
            if (act == Activation.RELU) {
                relu.reluBackward(delta, z, o + colFrom, o + colTo);
                continue;
            }
            for (int i = o + colFrom; i < o + colTo; i++) {
                delta[i] *= act.derivative(z[i], out[i]);
            }
        }
    }

    /** The epilogue over the op in flight's arrays; blocks of whole rows take the row loops. */
    private final class BlockEpilogue implements GemmKernel.Epilogue {
        private final boolean backward;

        BlockEpilogue(boolean backward) {
            this.backward = backward;
        }

        @Override
        public void apply(int rowFrom, int rowTo, int colFrom, int colTo) {
            boolean whole = colFrom == 0 && colTo == cols;
            if (backward) {
                if (whole) {
                    activationBackwardRows(rowFrom, rowTo);
                } else {
                    activationBackwardBlock(rowFrom, rowTo, colFrom, colTo);
                }
            } else if (whole) {
                biasActivationRows(rowFrom, rowTo);
            } else {
                biasActivationBlock(rowFrom, rowTo, colFrom, colTo);
            }
        }

        @Override
        public boolean wholeRows() {
            return act == Activation.SOFTMAX;
        }
    }

    private void biasActivationRows(int from, int to) {
        float[] z = x;
        float[] bias = y;
        float[] out = w;
        if (act == Activation.RELU && bias != null) {
            // The hidden-layer case in one pass, without a per-element switch; same values as RELU.apply.
            relu.biasRelu(z, bias, out, cols, from, to);
            return;
        }
        if (bias != null) {
            for (int r = from; r < to; r++) {
                int o = r * cols;
                for (int j = 0; j < cols; j++) {
                    z[o + j] += bias[j];
                }
            }
        }
        if (act == Activation.SOFTMAX) {
            for (int r = from; r < to; r++) {
                Softmax.row(z, out, r * cols, cols);
            }
            return;
        }
        for (int i = from * cols; i < to * cols; i++) {
            out[i] = act.apply(z[i]);
        }
    }

    private void activationBackwardRows(int from, int to) {
        float[] delta = x;
        float[] z = y;
        float[] out = w;
        if (act == Activation.SOFTMAX) {
            for (int r = from; r < to; r++) {
                Softmax.jacobianProduct(delta, out, r * cols, cols, 1f);
            }
            return;
        }
        if (act == Activation.RELU) {
            // RELU.derivative without the per-element switch; the multiply keeps NaN and signed zeros as it does.
            relu.reluBackward(delta, z, from * cols, to * cols);
            return;
        }
        for (int i = from * cols; i < to * cols; i++) {
            delta[i] *= act.derivative(z[i], out[i]);
        }
    }

    private void sgdRange(int from, int to) {
        sgdLoop(x, y, scale, from, to);
    }

    /** param −= learningRate · grad over [from, to): the one loop of {@link #sgd} and the fused update. */
    static void sgdLoop(float[] param, float[] grad, float learningRate, int from, int to) {
        for (int i = from; i < to; i++) {
            param[i] -= learningRate * grad[i];
        }
    }
}
