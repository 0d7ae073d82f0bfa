package nn.compute.aparapi;

import com.aparapi.Kernel;

/**
 * The one Aparapi kernel of a backend. Aparapi gives every kernel instance its own OpenCL context,
 * so all device data lives in this instance's arrays: {@link #arena} holds every tensor, the small
 * arrays carry gather indices in, per-row results out and staged host copies both ways.
 *
 * <p>Each launch runs one op, picked by {@link #op} through an if/else chain: Aparapi silently
 * falls back to Java threads on {@code switch}, lambdas, objects, exceptions and extra entry
 * points, so the code reachable from {@link #run} stays plain loops over primitives. Global sizes
 * are padded to a multiple of the local size, so every op guards its work-item index. Everything
 * is float: fp64 is missing on many GPUs.
 *
 * <p>Inlining: Aparapi passes the kernel's fields to every method as one {@code This} struct. While
 * every call is inlined, that struct dissolves into the kernel's arguments. PoCL (on CPUs) forces
 * inlining only of methods that ask for a work-item id (getGlobalId, getLocalId, getGroupId) or
 * reach a barrier, themselves or through a callee; any other method is left to LLVM's inliner,
 * which keeps a call to a method of more than a few statements. One such call makes the struct
 * escape, and because the GEMMs' barriers keep it alive, every work item of every op then fills its
 * own copy of all the fields: measured on PoCL, an SGD step over W2's first weight matrix took
 * 3.9 ms instead of 0.47 (docs/opencl-notes.md). So a method longer than a few statements asks for
 * a work-item id itself (rowLossDelta, finishC, foldPending) rather than taking it as a parameter.
 */
final class ArenaKernel extends Kernel {
    static final int OP_EMPTY = 0;
    static final int OP_GEMM = 1;
    static final int OP_GATHER = 2;
    static final int OP_BIAS_ACT = 3;
    static final int OP_BIAS_SOFTMAX = 4;
    static final int OP_ACT_BACKWARD = 5;
    static final int OP_SOFTMAX_BACKWARD = 6;
    static final int OP_OUTPUT_DELTA = 7;
    static final int OP_COLUMN_SUMS = 8;
    static final int OP_COUNT_CORRECT = 9;
    static final int OP_SQUARED_ERROR = 10;
    static final int OP_SGD = 11;
    static final int OP_COPY_IN = 12;
    static final int OP_COPY_OUT = 13;
    static final int OP_MARK = 14;
    static final int OP_MOMENTUM = 15;
    static final int OP_ADAM = 16;
    static final int OP_ADD_SCALED = 17;
    static final int OP_SCALE = 18;
    static final int OP_MULTIPLY = 19;
    static final int OP_SUM_SQUARES = 20;
    static final int OP_COLUMN_MOMENTS = 21;
    static final int OP_BN_FORWARD = 22;
    static final int OP_BN_BACKWARD = 23;
    static final int OP_GEMM_BLOCKED = 24;
    static final int OP_COPY_COLUMNS = 25;
    static final int OP_EMBED_FORWARD = 26;
    static final int OP_EMBED_BACKWARD = 27;
    /** The fused step ops (StepLaunches): codes from OP_GATHER_BATCH up. */
    static final int OP_GATHER_BATCH = 28;
    static final int OP_LOSS_STEP = 29;
    static final int OP_UPDATE = 30;
    static final int OP_NORM_PARTS = 31;
    static final int OP_NORM_FINISH = 32;
    static final int OP_FOLD = 33;
    static final int OP_DENSE_SOFTMAX = 34;
    /** The widest output layer {@link #denseSoftmaxRows} takes (one work item computes a whole row). */
    static final int ROW_COLUMNS = 32;

    /**
     * What a GEMM does with each result element before storing it: nothing; add the bias (at E) and
     * store act(z) at F too; multiply
     * by act'(z at E, out at F) (δ through the layer below); or check it for finiteness and, with a
     * bias, write δ's column sums at G (a weight gradient).
     */
    static final int EPI_NONE = 0;
    static final int EPI_BIAS_ACT = 1;
    static final int EPI_DERIVATIVE = 3;
    static final int EPI_GRADIENT = 4;

    /**
     * The slots of a device totals tensor: the loss sum and its Kahan compensation, the quality and
     * its compensation, rows, the last folded batch's loss, the stamp of the last step seen
     * non-finite, the recorded divergence (epoch, 0 when none; batch; loss), the clipping norm of this
     * step, the rows and the area of the batch whose per-row results wait to be folded in, then
     * NORM_PARTS partial sums of the gradient norm.
     */
    static final int T_LOSS = 0;
    static final int T_QUALITY = 2;
    static final int T_ROWS = 4;
    static final int T_LAST = 5;
    static final int T_BAD = 6;
    static final int T_EPOCH = 7;
    static final int T_BATCH = 8;
    static final int T_BAD_LOSS = 9;
    static final int T_NORM = 10;
    static final int T_PENDING_ROWS = 11;
    static final int T_PENDING_AREA = 12;
    static final int T_PARTS = 16;
    static final int NORM_PARTS = 256;
    static final int T_SIZE = T_PARTS + NORM_PARTS;
    /** Ints per parameter in {@link #segments}: value, gradient, first and second state offsets, start, length. */
    static final int SEGMENT = 6;
    /**
     * The fused update runs over chunks of at most CHUNK consecutive elements of one parameter, one
     * work group (a row of a 2-D range) per chunk, so a group's elements are contiguous (coalesced on
     * a GPU); {@link #chunks} holds CHUNK_INTS ints per chunk: the value, gradient, first and second
     * state offsets of its first element, and its length.
     */
    static final int CHUNK = 1024;
    static final int CHUNK_INTS = 5;
    /** Work items per chunk of the fused update, one work group (each takes CHUNK / CHUNK_ITEMS elements). */
    static final int CHUNK_ITEMS = 64;
    private static final float FLOAT_MAX = 3.4028235e38f;

    /**
     * Arena slot 0 is 0 on the host and 1 on the device. Aparapi re-creates a device buffer from
     * the host array when the garbage collector has moved that array; in explicit mode the host copy
     * is stale, so the device state would silently revert. Every per-row result and every read
     * carries the device's slot 0 back, and the host checks it is still 1.
     */
    static final int CANARY = 0;

    /** Activation codes; {@link AparapiBackend} maps {@code nn.compute.Activation} onto them. */
    static final int ACT_LINEAR = 0;
    static final int ACT_RELU = 1;
    static final int ACT_LEAKY_RELU = 2;
    static final int ACT_SIGMOID = 3;
    static final int ACT_TANH = 4;
    static final int ACT_SOFTMAX = 5;

    static final int LOSS_BCE = 0;
    static final int LOSS_CE = 1;
    static final int LOSS_MSE = 2;

    /** Side of the square GEMM tile; the 2-D local size is TILE × TILE. */
    static final int TILE = 16;
    /** Work items of one TILE × TILE group. */
    static final int GROUP = TILE * TILE;
    /**
     * The register-blocked GEMM: a TILE × TILE group computes a BLOCK × BLOCK tile of C, each work
     * item a REG × REG sub-tile held in registers, from BLOCK × BLOCK_K tiles of op(A) and op(B) in
     * local memory.
     */
    static final int REG = 4;
    static final int BLOCK = TILE * REG;
    static final int BLOCK_K = 16;
    /** Local memory the kernel asks for in every launch: both GEMMs' tiles. */
    static final int LOCAL_BYTES = (2 * TILE * TILE + 2 * BLOCK * BLOCK_K) * Float.BYTES;

    private static final float LEAKY = 0.01f;
    private static final float EPS = 1e-7f;

    /** Every tensor of the backend, at its offset. */
    float[] arena = new float[1];
    /** Row indices of the current gather, starting at 0. */
    int[] rowIndex = new int[1];
    /** One result per row (loss, correct flag, squared error), read back by the host. */
    float[] rowResult = new float[1];
    /** Host data on its way into, or out of, the arena. */
    float[] staging = new float[1];
    /** The parameters of the fused update, {@link #SEGMENT} ints each, in the order of their flat index. */
    int[] segments = new int[SEGMENT];
    /** The fused update's chunks, {@link #CHUNK_INTS} ints each. */
    int[] chunks = new int[CHUNK_INTS];

    @Local
    final float[] tileA = new float[TILE * TILE];
    @Local
    final float[] tileB = new float[TILE * TILE];
    /** op(A)'s BLOCK rows × BLOCK_K, stored p-major ([q][row]) so that a group reads consecutive floats. */
    @Local
    final float[] blockA = new float[BLOCK_K * BLOCK];
    /** op(B)'s BLOCK_K × BLOCK columns, [q][column]. */
    @Local
    final float[] blockB = new float[BLOCK_K * BLOCK];

    int op;
    /** Rows, columns and inner dimension of the op. */
    int rows;
    int cols;
    int inner;
    /** Arena offsets of the op's operands. */
    int offA;
    int offB;
    int offC;
    int offD;
    /** Element strides of op(A)(i, p) and op(B)(p, j), so one GEMM serves all transpose forms. */
    int strideAi;
    int strideAp;
    int strideBp;
    int strideBj;
    int activation;
    int lossCode;
    int hasBias;
    /** 1 when outputDelta scales each row by its weight at offE, else 0 (and offE unused). */
    int hasRowWeights;
    int offE;
    /** Two more operands, for the batch-norm ops. */
    int offF;
    int offG;
    /** 1 when the batch-norm op's optional output (xHat forward, deltaIn backward) is wanted, else 0. */
    int hasOptional;
    /** A scale factor (1/rows and the like) or the learning rate. */
    float factor;
    /** Optimizer constants: momentum (and 1 for Nesterov, else 0), Adam's betas, epsilon, decay. */
    float momentum;
    float nesterov;
    float beta1;
    float beta2;
    float epsilon;
    float decay;
    /** EPI_NONE ... EPI_GRADIENT: see there. */
    int epilogue;
    /** Arena offset of the step's totals (T_SIZE floats); -1: none, marks nothing. */
    int totalsAt;
    /** This step's stamp: what a kernel that sees a non-finite value writes to T_BAD. */
    float stamp;
    /** 1: the loss step counts correct rows, 0: it sums squared errors. */
    int classification;
    /** Arena offset of the loss step's per-row results: two areas of 2 × scratchRows floats each. */
    int scratchAt;
    int scratchRows;
    /** The area (0 or 1) this loss step writes; the other holds the previous batch's rows. */
    int area;
    int segmentCount;
    /** 0 SGD, 1 momentum, 2 Adam. */
    int updateRule;
    /** The clipping norm, 0 for none. */
    float clipNorm;
    /** The step a recorded divergence is labelled with. */
    float epochLabel;
    float batchLabel;

    @Override
    public void run() {
        // Two flat halves, each a run of ifs, keep every method short without nesting an if chain.
        if (op < OP_COPY_IN) {
            networkOp();
        }
        if (op >= OP_COPY_IN && op < OP_GATHER_BATCH) {
            stateOp();
        }
        if (op >= OP_GATHER_BATCH) {
            stepOp();
        }
        if (op == OP_GEMM_BLOCKED) {
            gemmBlocked();
        }
        if ((op == OP_GEMM || op == OP_GEMM_BLOCKED) && epilogue != EPI_NONE) {
            gemmEpilogue();
        }
        if (op == OP_OUTPUT_DELTA || op == OP_LOSS_STEP) {
            lossRows();
        }
    }

    /** The ops of a forward and backward pass and SGD (codes below OP_COPY_IN). */
    private void networkOp() {
        if (op == OP_GEMM) {
            gemm();
        }
        if (op == OP_GATHER) {
            gather();
        }
        if (op == OP_BIAS_ACT) {
            biasActivation();
        }
        if (op == OP_BIAS_SOFTMAX) {
            biasSoftmax();
        }
        if (op == OP_ACT_BACKWARD) {
            activationBackward();
        }
        if (op == OP_SOFTMAX_BACKWARD) {
            softmaxBackward();
        }
        if (op == OP_COLUMN_SUMS) {
            columnSums();
        }
        if (op == OP_COUNT_CORRECT) {
            countCorrect();
        }
        if (op == OP_SQUARED_ERROR) {
            squaredError();
        }
        if (op == OP_SGD) {
            sgd();
        }
    }

    /** The fused step ops (OP_GATHER_BATCH and above). */
    private void stepOp() {
        if (op == OP_GATHER_BATCH) {
            gatherBatch();
        }
        // Before lossRows, which marks this loss step's rows as the ones waiting to be folded.
        if (op == OP_LOSS_STEP || op == OP_FOLD) {
            foldPending();
        }
        if (op == OP_UPDATE) {
            updateAll();
        }
        if (op == OP_NORM_PARTS) {
            normParts();
        }
        if (op == OP_NORM_FINISH) {
            if (getGlobalId() == 0) {
                normFinish();
            }
        }
        if (op == OP_DENSE_SOFTMAX) {
            denseSoftmaxRows();
        }
    }

    /** X (cols wide, A to D) and Y (inner wide, B to C) rows gathered by rowIndex, one work item per element. */
    private void gatherBatch() {
        int g = getGlobalId();
        int xSize = rows * cols;
        if (g < xSize) {
            int r = g / cols;
            arena[offD + g] = arena[offA + rowIndex[r] * cols + (g - r * cols)];
        }
        if (g >= xSize && g < xSize + rows * inner) {
            int e = g - xSize;
            int r = e / inner;
            arena[offC + e] = arena[offB + rowIndex[r] * inner + (e - r * inner)];
        }
    }

    /**
     * OP_OUTPUT_DELTA and OP_LOSS_STEP, one work item per row: the row's loss, with ∂J/∂Z into delta
     * ({@link #rowLossDelta}). Output delta: the loss into rowResult. Loss step: the loss and the row's
     * quality into this step's area, a non-finite loss stamping the step; work item 0 has just folded
     * the previous batch's rows (the other area, complete since the last launch) into the totals, so
     * no work item waits for another. (One function for both ops, so that the long rowLossDelta is
     * compiled once, not into each.)
     */
    private void lossRows() {
        int r = getGlobalId();
        if (op == OP_LOSS_STEP && r == 0) {
            arena[totalsAt + T_PENDING_ROWS] = rows;
            arena[totalsAt + T_PENDING_AREA] = area;
        }
        if (r < rows) {
            float loss = rowLossDelta();
            if (op == OP_OUTPUT_DELTA) {
                rowResult[r] = loss;
            }
            if (op == OP_LOSS_STEP) {
                int at = scratchAt + area * 2 * scratchRows;
                arena[at + r] = loss;
                float quality = 0f;
                if (classification == 1) {
                    quality = rowHit(r);
                }
                if (classification == 0) {
                    quality = rowSquaredError(r);
                }
                arena[at + scratchRows + r] = quality;
                markNonFinite(loss);
            }
        }
        if (op == OP_OUTPUT_DELTA) {
            reportCanary();
        }
    }

    /**
     * Work item 0 adds the waiting batch's rows, in row order, to the totals (Kahan-compensated), then
     * none waits. (It asks for its own id, rather than its caller, so that PoCL inlines it: see the
     * class comment.)
     */
    private void foldPending() {
        int t = totalsAt;
        int pending = (int) arena[t + T_PENDING_ROWS];
        if (getGlobalId() == 0 && pending > 0) {
            float loss = pendingLoss();
            int at = scratchAt + (int) arena[t + T_PENDING_AREA] * 2 * scratchRows;
            float quality = 0f;
            for (int r = 0; r < pending; r++) {
                quality += arena[at + scratchRows + r];
            }
            compensatedAdd(t + T_LOSS, loss);
            compensatedAdd(t + T_QUALITY, quality);
            arena[t + T_ROWS] = arena[t + T_ROWS] + pending;
            arena[t + T_LAST] = loss;
            arena[t + T_PENDING_ROWS] = 0f;
        }
    }

    /** The waiting batch's summed loss, rows in order. */
    private float pendingLoss() {
        int t = totalsAt;
        int pending = (int) arena[t + T_PENDING_ROWS];
        int at = scratchAt + (int) arena[t + T_PENDING_AREA] * 2 * scratchRows;
        float loss = 0f;
        for (int r = 0; r < pending; r++) {
            loss += arena[at + r];
        }
        return loss;
    }

    /** Kahan: sum at {@code at}, its compensation at at + 1. */
    private void compensatedAdd(int at, float value) {
        float y = value - arena[at + 1];
        float t = arena[at] + y;
        arena[at + 1] = (t - arena[at]) - y;
        arena[at] = t;
    }

    /** NORM_PARTS work items: part k sums g² over the elements k, k + NORM_PARTS, ... of every segment. */
    private void normParts() {
        int k = getGlobalId();
        if (k < NORM_PARTS) {
            float sum = 0f;
            for (int s = 0; s < segmentCount; s++) {
                int at = segments[s * SEGMENT + 1];
                int length = segments[s * SEGMENT + 5];
                for (int e = k; e < length; e += NORM_PARTS) {
                    float x = arena[at + e];
                    sum += x * x;
                }
            }
            arena[totalsAt + T_PARTS + k] = sum;
        }
    }

    /** ‖g‖ = √(Σ parts), the parts in order. */
    private void normFinish() {
        float total = 0f;
        for (int k = 0; k < NORM_PARTS; k++) {
            total += arena[totalsAt + T_PARTS + k];
        }
        arena[totalsAt + T_NORM] = sqrt(total);
    }

    /**
     * Work item e of chunk c (rows is the chunk count) updates the chunk's elements e, e + CHUNK_ITEMS,
     * ...: nothing when this step is stamped non-finite or a divergence is recorded (work item (0, 0)
     * then records this step); else the gradient, clipped when asked (and written back clipped), and
     * the rule's update. A gradient this kernel finds non-finite records the step and is not applied.
     * A work item takes CHUNK / CHUNK_ITEMS elements so that the chunk's offsets and the guard are read
     * once for all of them (on PoCL each element had cost the whole preamble); in each pass the
     * group's work items still touch consecutive floats, as a GPU wants.
     */
    private void updateAll() {
        int e0 = getGlobalId(0);
        int c = getGlobalId(1);
        int t = totalsAt;
        boolean guarded = t >= 0;
        boolean skip = false;
        if (guarded) {
            skip = arena[t + T_BAD] == stamp || arena[t + T_EPOCH] != 0f;
        }
        if (e0 == 0 && c == 0 && guarded && arena[t + T_BAD] == stamp && arena[t + T_EPOCH] == 0f) {
            recordDivergence(t);
        }
        if (c < rows && !skip) {
            int at = c * CHUNK_INTS;
            int length = chunks[at + 4];
            boolean clipping = clipNorm > 0f && arena[t + T_NORM] > clipNorm;
            float scale = 1f;
            if (clipping) {
                scale = clipNorm / arena[t + T_NORM];
            }
            for (int e = e0; e < length; e += CHUNK_ITEMS) {
                int gradAt = chunks[at + 1] + e;
                float grad = arena[gradAt];
                if (clipping) {
                    grad = scale * grad;
                    arena[gradAt] = grad;
                }
                int bad = nonFinite(grad);
                if (guarded && bad == 1) {
                    recordDivergence(t);
                }
                if (bad == 0) {
                    updateElement(chunks[at] + e, grad, chunks[at + 2] + e, chunks[at + 3] + e);
                }
            }
        }
    }

    private void recordDivergence(int t) {
        arena[t + T_EPOCH] = epochLabel;
        arena[t + T_BATCH] = batchLabel;
        arena[t + T_BAD_LOSS] = pendingLoss();
    }

    /** θ (at p) by the rule from its gradient, with its state at first and second: the formulas of sgd, momentumStep, adamStep. */
    private void updateElement(int p, float grad, int first, int second) {
        if (updateRule == 0) {
            arena[p] = arena[p] - factor * grad;
        }
        if (updateRule == 1) {
            float v = momentum * arena[first] - factor * grad;
            arena[first] = v;
            arena[p] = arena[p] + nesterov * (momentum * v - factor * grad) + (1f - nesterov) * v;
        }
        if (updateRule == 2) {
            float m = beta1 * arena[first] + (1f - beta1) * grad;
            float v = beta2 * arena[second] + (1f - beta2) * grad * grad;
            arena[first] = m;
            arena[second] = v;
            float value = arena[p];
            arena[p] = value - decay * value - factor * m / (sqrt(v) + epsilon);
        }
    }

    /** Copies, optimizer states, regularisation, batch norm and the canary mark (OP_COPY_IN and above). */
    private void stateOp() {
        if (op == OP_COPY_IN) {
            copyIn();
        }
        if (op == OP_COPY_OUT) {
            copyOut();
        }
        if (op == OP_MOMENTUM) {
            momentumStep();
        }
        if (op == OP_ADAM) {
            adamStep();
        }
        if (op == OP_ADD_SCALED) {
            addScaled();
        }
        if (op == OP_SCALE) {
            scaleInPlace();
        }
        if (op == OP_MULTIPLY) {
            multiplyElementwise();
        }
        if (op == OP_SUM_SQUARES) {
            rowSumOfSquares();
        }
        if (op == OP_COLUMN_MOMENTS) {
            columnMoments();
        }
        if (op == OP_BN_FORWARD) {
            batchNormForward();
        }
        if (op == OP_BN_BACKWARD) {
            batchNormBackward();
        }
        if (op == OP_COPY_COLUMNS) {
            copyColumns();
        }
        if (op == OP_EMBED_FORWARD) {
            embeddingForward();
        }
        if (op == OP_EMBED_BACKWARD) {
            embeddingBackward();
        }
        if (op == OP_MARK) {
            if (getGlobalId() == 0) {
                arena[CANARY] = 1f;
            }
        }
    }

    /**
     * C (rows × cols) = op(A)·op(B) over {@link #inner}, tiled through local memory. Out-of-range
     * tile elements load as zero so every work item reaches both barriers; the sum still runs over
     * p in order, as the Java backend's does.
     */
    private void gemm() {
        int lj = getLocalId(0);
        int li = getLocalId(1);
        int j = getGlobalId(0);
        int i = getGlobalId(1);
        float sum = 0f;
        for (int t = 0; t < inner; t += TILE) {
            int pa = t + lj;
            float av = 0f;
            if (i < rows && pa < inner) {
                av = arena[offA + i * strideAi + pa * strideAp];
            }
            tileA[li * TILE + lj] = av;
            int pb = t + li;
            float bv = 0f;
            if (pb < inner && j < cols) {
                bv = arena[offB + pb * strideBp + j * strideBj];
            }
            tileB[li * TILE + lj] = bv;
            localBarrier();
            for (int q = 0; q < TILE; q++) {
                sum += tileA[li * TILE + q] * tileB[q * TILE + lj];
            }
            localBarrier();
        }
        storeC(i, j, sum);
    }

    /**
     * One work item per row (at most ROW_COLUMNS columns): z = x·W + bias, summed over p in order as
     * the GEMMs do, stored, then the row's softmax into out (at F) as {@link #biasSoftmax} computes
     * it. A small output layer needs no tile and no barrier this way.
     */
    private void denseSoftmaxRows() {
        int r = getGlobalId();
        if (r < rows) {
            int zAt = offC + r * cols;
            for (int j = 0; j < cols; j++) {
                float sum = 0f;
                for (int p = 0; p < inner; p++) {
                    sum += arena[offA + r * strideAi + p * strideAp] * arena[offB + p * strideBp + j * strideBj];
                }
                if (hasBias == 1) {
                    sum = sum + arena[offE + j];
                }
                arena[zAt + j] = sum;
            }
            int o = offF + r * cols;
            float max = -FLOAT_MAX;
            for (int j = 0; j < cols; j++) {
                max = max(max, arena[zAt + j]);
            }
            float total = 0f;
            for (int j = 0; j < cols; j++) {
                float e = exp(arena[zAt + j] - max);
                arena[o + j] = e;
                total += e;
            }
            float inv = 1f / total;
            for (int j = 0; j < cols; j++) {
                arena[o + j] = arena[o + j] * inv;
            }
        }
    }

    /** G[j] = Σ_p op(B)(p, j), p in order: the bias gradient beside the weight gradient Xᵀ·δ. */
    private void biasGradient(int j) {
        float sum = 0f;
        for (int p = 0; p < inner; p++) {
            sum += arena[offB + p * strideBp + j * strideBj];
        }
        markNonFinite(sum);
        arena[offG + j] = sum;
    }

    /** Stamps the step's totals when {@code value} is NaN or infinite. */
    private void markNonFinite(float value) {
        if (totalsAt >= 0 && nonFinite(value) == 1) {
            arena[totalsAt + T_BAD] = stamp;
        }
    }

    /**
     * 1 for NaN or ±∞, else 0. Two plain comparisons, each right whichever way Aparapi turns the
     * branch around (it rewrote !(|v| ≤ max) as |v| > max, which is false for NaN).
     */
    private int nonFinite(float value) {
        int bad = 0;
        if (value != value) {
            bad = 1;
        }
        if (abs(value) > FLOAT_MAX) {
            bad = 1;
        }
        return bad;
    }

    /**
     * C = op(A)·op(B) for GPUs: the group (TILE × TILE work items) owns a BLOCK × BLOCK tile of C
     * and each work item the REG × REG elements (li + TILE·r, lj + TILE·c), accumulated in
     * registers, so each float read from local memory serves REG multiply-adds instead of one.
     * Rows and columns are strided by TILE so that neighbouring work items read neighbouring local
     * floats. Out-of-range elements load as zero; every element still sums over p in order.
     * (Scalars, not a private array: Aparapi 3.0.2 has no portable private arrays; and one long
     * method, because the sixteen accumulators must stay locals of the loop that feeds them.)
     */
    private void gemmBlocked() {
        int lj = getLocalId(0);
        int li = getLocalId(1);
        int flat = li * TILE + lj;
        int row0 = getGroupId(1) * BLOCK;
        int col0 = getGroupId(0) * BLOCK;
        float c00 = 0f;
        float c01 = 0f;
        float c02 = 0f;
        float c03 = 0f;
        float c10 = 0f;
        float c11 = 0f;
        float c12 = 0f;
        float c13 = 0f;
        float c20 = 0f;
        float c21 = 0f;
        float c22 = 0f;
        float c23 = 0f;
        float c30 = 0f;
        float c31 = 0f;
        float c32 = 0f;
        float c33 = 0f;
        for (int t = 0; t < inner; t += BLOCK_K) {
            for (int e = 0; e < BLOCK * BLOCK_K; e += GROUP) {
                loadBlocks(flat + e, row0, col0, t);
            }
            localBarrier();
            for (int q = 0; q < BLOCK_K; q++) {
                int qa = q * BLOCK + li;
                int qb = q * BLOCK + lj;
                float a0 = blockA[qa];
                float a1 = blockA[qa + TILE];
                float a2 = blockA[qa + 2 * TILE];
                float a3 = blockA[qa + 3 * TILE];
                float b0 = blockB[qb];
                float b1 = blockB[qb + TILE];
                float b2 = blockB[qb + 2 * TILE];
                float b3 = blockB[qb + 3 * TILE];
                c00 += a0 * b0;
                c01 += a0 * b1;
                c02 += a0 * b2;
                c03 += a0 * b3;
                c10 += a1 * b0;
                c11 += a1 * b1;
                c12 += a1 * b2;
                c13 += a1 * b3;
                c20 += a2 * b0;
                c21 += a2 * b1;
                c22 += a2 * b2;
                c23 += a2 * b3;
                c30 += a3 * b0;
                c31 += a3 * b1;
                c32 += a3 * b2;
                c33 += a3 * b3;
            }
            localBarrier();
        }
        int i = row0 + li;
        int j = col0 + lj;
        storeC(i, j, c00);
        storeC(i, j + TILE, c01);
        storeC(i, j + 2 * TILE, c02);
        storeC(i, j + 3 * TILE, c03);
        storeC(i + TILE, j, c10);
        storeC(i + TILE, j + TILE, c11);
        storeC(i + TILE, j + 2 * TILE, c12);
        storeC(i + TILE, j + 3 * TILE, c13);
        storeC(i + 2 * TILE, j, c20);
        storeC(i + 2 * TILE, j + TILE, c21);
        storeC(i + 2 * TILE, j + 2 * TILE, c22);
        storeC(i + 2 * TILE, j + 3 * TILE, c23);
        storeC(i + 3 * TILE, j, c30);
        storeC(i + 3 * TILE, j + TILE, c31);
        storeC(i + 3 * TILE, j + 2 * TILE, c32);
        storeC(i + 3 * TILE, j + 3 * TILE, c33);
    }

    /**
     * Loads element {@code idx} of the op(A) block (row idx / BLOCK_K, p idx % BLOCK_K: consecutive
     * work items read consecutive p) and of the op(B) block (p idx / BLOCK, column idx % BLOCK).
     */
    private void loadBlocks(int idx, int row0, int col0, int t) {
        int ar = idx / BLOCK_K;
        int ap = idx - ar * BLOCK_K;
        int gi = row0 + ar;
        int gp = t + ap;
        float av = 0f;
        if (gi < rows && gp < inner) {
            av = arena[offA + gi * strideAi + gp * strideAp];
        }
        blockA[ap * BLOCK + ar] = av;
        int bp = idx / BLOCK;
        int bj = idx - bp * BLOCK;
        int gq = t + bp;
        int gj = col0 + bj;
        float bv = 0f;
        if (gq < inner && gj < cols) {
            bv = arena[offB + gq * strideBp + gj * strideBj];
        }
        blockB[bp * BLOCK + bj] = bv;
    }

    /** Stores C[i][j] as it is; {@link #gemmEpilogue} finishes it. */
    private void storeC(int i, int j, float value) {
        if (i < rows && j < cols) {
            arena[offC + i * cols + j] = value;
        }
    }

    /**
     * The epilogue over the elements of C this work item stored (one for the tiled GEMM, REG × REG
     * for the blocked one), reading each back: bias + activation, act', or the finiteness check;
     * then, for a weight gradient with a bias, the bias gradient of its columns by the work items of
     * row 0. Applied after the product rather than in storeC, so that its code is compiled once, not
     * into each of the blocked kernel's sixteen stores (see the class comment on inlining).
     */
    private void gemmEpilogue() {
        int reach = 1;
        if (op == OP_GEMM_BLOCKED) {
            reach = REG;
        }
        for (int r = 0; r < reach; r++) {
            for (int c = 0; c < reach; c++) {
                finishC(r, c);
            }
        }
        if (epilogue == EPI_GRADIENT && hasBias == 1 && ownRow(0) == 0) {
            for (int c = 0; c < reach; c++) {
                if (ownColumn(c) < cols) {
                    biasGradient(ownColumn(c));
                }
            }
        }
    }

    /** Row of C of this work item's r-th row of elements: itself (tiled, r = 0), or li + TILE·r of its group's block. */
    private int ownRow(int r) {
        int i = getGlobalId(1);
        if (op == OP_GEMM_BLOCKED) {
            i = getGroupId(1) * BLOCK + getLocalId(1) + r * TILE;
        }
        return i;
    }

    /** Column of C of this work item's c-th column of elements, as {@link #ownRow}. */
    private int ownColumn(int c) {
        int j = getGlobalId(0);
        if (op == OP_GEMM_BLOCKED) {
            j = getGroupId(0) * BLOCK + getLocalId(0) + c * TILE;
        }
        return j;
    }

    /**
     * This work item's element (r, c) of C through the epilogue, as stored by {@link #storeC}. (It
     * finds its position from the work-item ids, not from parameters, so that PoCL inlines it: see
     * the class comment.)
     */
    private void finishC(int r, int c) {
        int i = ownRow(r);
        int j = ownColumn(c);
        if (i < rows && j < cols) {
            int at = i * cols + j;
            float v = arena[offC + at];
            if (epilogue == EPI_BIAS_ACT && hasBias == 1) {
                v = v + arena[offE + j];
            }
            if (epilogue == EPI_DERIVATIVE) {
                v = v * derivative(arena[offE + at], arena[offF + at]);
            }
            if (epilogue == EPI_GRADIENT) {
                markNonFinite(v);
            }
            arena[offC + at] = v;
            if (epilogue == EPI_BIAS_ACT) {
                arena[offF + at] = activate(v);
            }
        }
    }

    /** D[r] = A[rowIndex[r]] for rows × cols elements. */
    private void gather() {
        int g = getGlobalId();
        if (g < rows * cols) {
            int r = g / cols;
            int c = g - r * cols;
            arena[offD + g] = arena[offA + rowIndex[r] * cols + c];
        }
    }

    /** One work item per element: D[r][c] = A[r][c] for c &lt; cols, row strides strideBj (D) and strideAi (A). */
    private void copyColumns() {
        int g = getGlobalId();
        if (g < rows * cols) {
            int r = g / cols;
            int c = g - r * cols;
            arena[offD + r * strideBj + c] = arena[offA + r * strideAi + c];
        }
    }

    /** The table row the id cell of row r (at A, row stride strideAi) names; 0 outside 0..inner − 1. */
    private int embeddingRow(int r) {
        int id = (int) arena[offA + r * strideAi];
        int row = 0;
        if (id >= 0 && id < inner) {
            row = id;
        }
        return row;
    }

    /** One work item per output element: D[r][k] (row stride strideBj) = table (at B, cols wide)[id(r)][k]. */
    private void embeddingForward() {
        int g = getGlobalId();
        if (g < rows * cols) {
            int r = g / cols;
            int k = g - r * cols;
            arena[offD + r * strideBj + k] = arena[offB + embeddingRow(r) * cols + k];
        }
    }

    /**
     * One work item per table cell (v, k): D[v][k] = Σ_r δ (at C, row stride strideBj)[r][k] over
     * the rows whose id is v, rows in order as the Java backend adds them; no atomics, so the sum
     * is deterministic.
     */
    private void embeddingBackward() {
        int g = getGlobalId();
        if (g < inner * cols) {
            int v = g / cols;
            int k = g - v * cols;
            float sum = 0f;
            for (int r = 0; r < rows; r++) {
                if (embeddingRow(r) == v) {
                    sum += arena[offC + r * strideBj + k];
                }
            }
            arena[offD + g] = sum;
        }
    }

    /** Z (at A) += bias (at B) when asked, then out (at D) = act(Z), element by element. */
    private void biasActivation() {
        int g = getGlobalId();
        if (g < rows * cols) {
            float z = arena[offA + g];
            if (hasBias == 1) {
                z = z + arena[offB + g % cols];
                arena[offA + g] = z;
            }
            arena[offD + g] = activate(z);
        }
    }

    /** One work item per row: Z += bias, then a max-shifted softmax of the row into out. */
    private void biasSoftmax() {
        int r = getGlobalId();
        if (r < rows) {
            int o = r * cols;
            float max = -3.4028235e38f;
            for (int j = 0; j < cols; j++) {
                float z = arena[offA + o + j];
                if (hasBias == 1) {
                    z = z + arena[offB + j];
                    arena[offA + o + j] = z;
                }
                max = max(max, z);
            }
            float sum = 0f;
            for (int j = 0; j < cols; j++) {
                float e = exp(arena[offA + o + j] - max);
                arena[offD + o + j] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int j = 0; j < cols; j++) {
                arena[offD + o + j] = arena[offD + o + j] * inv;
            }
        }
    }

    /** delta (at D) ∗= act'(Z at A, out at B), element by element. */
    private void activationBackward() {
        int g = getGlobalId();
        if (g < rows * cols) {
            arena[offD + g] = arena[offD + g] * derivative(arena[offA + g], arena[offB + g]);
        }
    }

    /** One work item per row: delta (at D) ← factor · s ∗ (delta − delta·s), s the softmax at B. */
    private void softmaxBackward() {
        int r = getGlobalId();
        if (r < rows) {
            softmaxJacobianRow(r * cols, factor);
        }
    }

    private void softmaxJacobianRow(int o, float scale) {
        float dot = 0f;
        for (int j = 0; j < cols; j++) {
            dot += arena[offD + o + j] * arena[offB + o + j];
        }
        for (int j = 0; j < cols; j++) {
            arena[offD + o + j] = scale * arena[offB + o + j] * (arena[offD + o + j] - dot);
        }
    }

    /**
     * The loss of this work item's row, with ∂J/∂Z into delta: the body of {@link #lossRows}.
     * Operands: Z at A, out at B, Y at C, delta at D, row weights at E when hasRowWeights is 1; factor
     * is 1/rows, or 1/(rows·cols) for sigmoid with BCE. (The row is its own id, not a parameter, so
     * that PoCL inlines it: see the class comment.)
     */
    private float rowLossDelta() {
        int r = getGlobalId();
        int o = r * cols;
        float total = 0f;
        if (activation == ACT_SIGMOID && lossCode == LOSS_BCE) {
            for (int j = 0; j < cols; j++) {
                float z = arena[offA + o + j];
                float y = arena[offC + o + j];
                total += (max(z, 0f) - z * y + log(1f + exp(-abs(z)))) / cols;
                arena[offD + o + j] = (arena[offB + o + j] - y) * factor;
            }
        } else if (activation == ACT_SOFTMAX && lossCode == LOSS_CE) {
            float max = -3.4028235e38f;
            for (int j = 0; j < cols; j++) {
                max = max(max, arena[offA + o + j]);
            }
            float sum = 0f;
            for (int j = 0; j < cols; j++) {
                sum += exp(arena[offA + o + j] - max);
            }
            float logSum = max + log(sum);
            for (int j = 0; j < cols; j++) {
                float y = arena[offC + o + j];
                if (y != 0f) {
                    total -= y * (arena[offA + o + j] - logSum);
                }
                arena[offD + o + j] = (arena[offB + o + j] - y) * factor;
            }
        } else {
            for (int j = 0; j < cols; j++) {
                float a = arena[offB + o + j];
                float y = arena[offC + o + j];
                total += elementLoss(a, y);
                arena[offD + o + j] = elementGradient(a, y);
            }
            if (activation == ACT_SOFTMAX) {
                softmaxJacobianRow(o, factor);
            } else {
                for (int j = 0; j < cols; j++) {
                    float d = derivative(arena[offA + o + j], arena[offB + o + j]) * factor;
                    arena[offD + o + j] = arena[offD + o + j] * d;
                }
            }
        }
        // Class weights: δ is linear in the row's weight, so scale the finished row (flat if).
        if (hasRowWeights == 1) {
            float w = arena[offE + r];
            total = total * w;
            for (int j = 0; j < cols; j++) {
                arena[offD + o + j] = arena[offD + o + j] * w;
            }
        }
        return total;
    }

    /** One work item per column: out (at D)[j] = Σ_r M (at A)[r][j], rows in order. */
    private void columnSums() {
        int j = getGlobalId();
        if (j < cols) {
            float sum = 0f;
            for (int r = 0; r < rows; r++) {
                sum += arena[offA + r * cols + j];
            }
            arena[offD + j] = sum;
        }
    }

    /** One work item per row: 1 when out (at B) and Y (at C) agree, by threshold or argmax. */
    private void countCorrect() {
        int r = getGlobalId();
        if (r < rows) {
            rowResult[r] = rowHit(r);
        }
        reportCanary();
    }

    /** 1 when row r's prediction (out at B) matches its target (Y at C), else 0. */
    private float rowHit(int r) {
        int o = r * cols;
        float hit = 0f;
        if (cols == 1) {
            boolean predicted = arena[offB + o] >= 0.5f;
            boolean actual = arena[offC + o] >= 0.5f;
            if (predicted == actual) {
                hit = 1f;
            }
        } else {
            int bestOut = 0;
            int bestY = 0;
            for (int j = 1; j < cols; j++) {
                if (arena[offB + o + j] > arena[offB + o + bestOut]) {
                    bestOut = j;
                }
                if (arena[offC + o + j] > arena[offC + o + bestY]) {
                    bestY = j;
                }
            }
            if (bestOut == bestY) {
                hit = 1f;
            }
        }
        return hit;
    }

    /** One work item per row: Σ_j (out (at B) − Y (at C))². */
    private void squaredError() {
        int r = getGlobalId();
        if (r < rows) {
            rowResult[r] = rowSquaredError(r);
        }
        reportCanary();
    }

    private float rowSquaredError(int r) {
        int o = r * cols;
        float sum = 0f;
        for (int j = 0; j < cols; j++) {
            float d = arena[offB + o + j] - arena[offC + o + j];
            sum += d * d;
        }
        return sum;
    }

    /** param (at D) −= factor · grad (at A). */
    private void sgd() {
        int g = getGlobalId();
        if (g < rows * cols) {
            arena[offD + g] = arena[offD + g] - factor * arena[offA + g];
        }
    }

    /** v (at B) ← μ·v − η·g (g at A); θ (at D) += v, or μ·v − η·g with Nesterov; branch-free on purpose. */
    private void momentumStep() {
        int g = getGlobalId();
        if (g < rows * cols) {
            float grad = arena[offA + g];
            float v = momentum * arena[offB + g] - factor * grad;
            arena[offB + g] = v;
            arena[offD + g] = arena[offD + g] + nesterov * (momentum * v - factor * grad) + (1f - nesterov) * v;
        }
    }

    /** Adam(W) on θ (at D) with g (at A), m (at B), v (at C); factor is the bias-corrected step size. */
    private void adamStep() {
        int g = getGlobalId();
        if (g < rows * cols) {
            float grad = arena[offA + g];
            float m = beta1 * arena[offB + g] + (1f - beta1) * grad;
            float v = beta2 * arena[offC + g] + (1f - beta2) * grad * grad;
            arena[offB + g] = m;
            arena[offC + g] = v;
            float p = arena[offD + g];
            arena[offD + g] = p - decay * p - factor * m / (sqrt(v) + epsilon);
        }
    }

    /** dst (at D) += factor · src (at A). */
    private void addScaled() {
        int g = getGlobalId();
        if (g < rows * cols) {
            arena[offD + g] = arena[offD + g] + factor * arena[offA + g];
        }
    }

    /** t (at D) ← factor · t. */
    private void scaleInPlace() {
        int g = getGlobalId();
        if (g < rows * cols) {
            arena[offD + g] = factor * arena[offD + g];
        }
    }

    /** dst (at D) ← a (at A) ∗ b (at B); dst may be a. */
    private void multiplyElementwise() {
        int g = getGlobalId();
        if (g < rows * cols) {
            arena[offD + g] = arena[offA + g] * arena[offB + g];
        }
    }

    /** One work item per row: Σ_j t (at A)². */
    private void rowSumOfSquares() {
        int r = getGlobalId();
        if (r < rows) {
            int o = r * cols;
            float sum = 0f;
            for (int j = 0; j < cols; j++) {
                float x = arena[offA + o + j];
                sum += x * x;
            }
            rowResult[r] = sum;
        }
        reportCanary();
    }

    /** One work item per column of x (at A): mean (at B) and biased variance (at C), rows in order, two passes. */
    private void columnMoments() {
        int j = getGlobalId();
        if (j < cols) {
            float sum = 0f;
            for (int r = 0; r < rows; r++) {
                sum += arena[offA + r * cols + j];
            }
            float mean = sum / rows;
            float squares = 0f;
            for (int r = 0; r < rows; r++) {
                float d = arena[offA + r * cols + j] - mean;
                squares += d * d;
            }
            arena[offB + j] = mean;
            arena[offC + j] = squares / rows;
        }
    }

    /**
     * Element by element: xHat = (x (at A) − mean (at B)) / √(variance (at C) + epsilon), into F when
     * hasOptional is 1; out (at G) = gamma (at D) ∗ xHat + beta (at E). Out may be x.
     */
    private void batchNormForward() {
        int g = getGlobalId();
        if (g < rows * cols) {
            int j = g % cols;
            float inv = 1f / sqrt(arena[offC + j] + epsilon);
            float h = (arena[offA + g] - arena[offB + j]) * inv;
            if (hasOptional == 1) {
                arena[offF + g] = h;
            }
            arena[offG + g] = arena[offD + j] * h + arena[offE + j];
        }
    }

    /**
     * One work item per column: gammaGrad (at E) = Σ δ (at A)·xHat (at B), betaGrad (at F) = Σ δ, and when
     * hasOptional is 1 deltaIn (at G, may be A) = gamma (at D)/√(variance (at C) + ε)·(δ − Σδ/n − xHat·Σδ·xHat/n).
     */
    private void batchNormBackward() {
        int j = getGlobalId();
        if (j < cols) {
            float dGamma = 0f;
            float dBeta = 0f;
            for (int r = 0; r < rows; r++) {
                float d = arena[offA + r * cols + j];
                dGamma += d * arena[offB + r * cols + j];
                dBeta += d;
            }
            arena[offE + j] = dGamma;
            arena[offF + j] = dBeta;
            if (hasOptional == 1) {
                float k = arena[offD + j] / sqrt(arena[offC + j] + epsilon);
                float meanBeta = dBeta / rows;
                float meanGamma = dGamma / rows;
                for (int r = 0; r < rows; r++) {
                    int o = offA + r * cols + j;
                    arena[offG + r * cols + j] = k * (arena[o] - meanBeta - arena[offB + r * cols + j] * meanGamma);
                }
            }
        }
    }

    private void copyIn() {
        int g = getGlobalId();
        if (g < rows * cols) {
            arena[offD + g] = staging[g];
        }
    }

    private void copyOut() {
        int g = getGlobalId();
        if (g < rows * cols) {
            staging[g] = arena[offA + g];
        }
        if (g == 0) {
            staging[rows * cols] = arena[CANARY];
        }
    }

    /** Work item 0 copies the canary after the per-row results. */
    private void reportCanary() {
        if (getGlobalId() == 0) {
            rowResult[rows] = arena[CANARY];
        }
    }

    // The helpers below keep their if statements flat and one level deep: Aparapi 3.0.2 cannot fold
    // an if nested inside an else-if chain ("child list broken") and then falls back to Java threads.

    private float activate(float z) {
        float a = z;
        if (activation == ACT_RELU) {
            a = max(z, 0f);
        }
        if (activation == ACT_LEAKY_RELU) {
            a = slope(z, LEAKY) * z;
        }
        if (activation == ACT_SIGMOID) {
            a = sigmoid(z);
        }
        if (activation == ACT_TANH) {
            a = tanh(z);
        }
        return a;
    }

    /** act'(z) given a = act(z); softmax never comes here. */
    private float derivative(float z, float a) {
        float d = 1f;
        if (activation == ACT_RELU) {
            d = slope(z, 0f);
        }
        if (activation == ACT_LEAKY_RELU) {
            d = slope(z, LEAKY);
        }
        if (activation == ACT_SIGMOID) {
            d = a * (1f - a);
        }
        if (activation == ACT_TANH) {
            d = 1f - a * a;
        }
        return d;
    }

    /** 1 for z > 0, else {@code negative}: the slope of (leaky) ReLU. */
    private float slope(float z, float negative) {
        float s = negative;
        if (z > 0f) {
            s = 1f;
        }
        return s;
    }

    /** The logistic function through e^−|z|, finite for every z. */
    private float sigmoid(float z) {
        float e = exp(-abs(z));
        float numerator = 1f;
        if (z < 0f) {
            numerator = e;
        }
        return numerator / (1f + e);
    }

    /** One output's share of a row's loss, outputs clipped before a logarithm. */
    private float elementLoss(float a, float y) {
        float p = min(max(a, EPS), 1f - EPS);
        float value = 0f;
        if (lossCode == LOSS_BCE) {
            value = -(y * log(p) + (1f - y) * log(1f - p)) / cols;
        }
        if (lossCode == LOSS_CE) {
            value = -y * log(p);
        }
        if (lossCode == LOSS_MSE) {
            value = (a - y) * (a - y) / cols;
        }
        return value;
    }

    /** ∂(row loss)/∂a for one output. */
    private float elementGradient(float a, float y) {
        float p = min(max(a, EPS), 1f - EPS);
        float value = 0f;
        if (lossCode == LOSS_BCE) {
            value = (a - y) / (p * (1f - p)) / cols;
        }
        if (lossCode == LOSS_CE) {
            value = -y / p;
        }
        if (lossCode == LOSS_MSE) {
            value = 2f * (a - y) / cols;
        }
        return value;
    }
}
