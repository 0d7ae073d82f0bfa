package nn.compute;

/**
 * The operations a dense network needs to train, on device-resident {@link Tensor}s.
 *
 * <p>Conventions: tensors are row-major and batch-first; a weight is (in × out) so Z = X·W. Every
 * operation takes the row count from its batch-shaped arguments, so a {@link Tensor#withRows} view
 * trains a smaller last batch. Only {@link #write}, {@link #read}, the scalars that
 * {@link #outputDelta}, {@link #countCorrect}, {@link #sumSquaredError} and {@link #sumOfSquares}
 * return, and {@link RunningTotals#read} cross between host and device: the fused step ops return
 * nothing, so a training step needs no host read.
 */
public interface Backend extends AutoCloseable {

    /** What ran, for reports: {@code java} or {@code opencl:<device name>}. */
    String name();

    /** A zero-filled tensor. */
    Tensor allocate(int rows, int cols);

    /** Copies {@code dst.size()} floats from the host into {@code dst}. */
    void write(Tensor dst, float[] src);

    /** Copies {@code src.size()} floats from the device into {@code dst}. */
    void read(Tensor src, float[] dst);

    /** dst[r] = src[indices[offset + r]] for each row r of {@code dst}. */
    void gatherRows(Tensor src, int[] indices, int offset, Tensor dst);

    /**
     * dst[r][dstColumn + j] = src[r][srcColumn + j] for j &lt; count and each row r of {@code dst}:
     * an embedding layer passes its numeric inputs through with this.
     */
    void copyColumns(Tensor src, int srcColumn, int count, Tensor dst, int dstColumn);

    /**
     * Embedding lookup: out[r][outColumn + k] = table[id][k] for k &lt; table.cols() and each row r
     * of {@code out}, id = {@link #embeddingId} of x[r][idColumn] (an id outside the table reads
     * row 0, the unknown bucket).
     */
    void embeddingForward(Tensor x, int idColumn, Tensor table, Tensor out, int outColumn);

    /**
     * Backward of {@link #embeddingForward}: tableGrad[v][k] = Σ_r delta[r][deltaColumn + k] over
     * the rows r of {@code delta} whose id is v, summed in row order (so it does not depend on the
     * thread count); rows no id names get 0. Overwrites all of {@code tableGrad}.
     */
    void embeddingBackward(Tensor x, int idColumn, Tensor delta, int deltaColumn, Tensor tableGrad);

    /** The table row an id cell names: its value cast to int, 0 when outside 0..vocabulary − 1. */
    static int embeddingId(float value, int vocabulary) {
        int id = (int) value;
        return id >= 0 && id < vocabulary ? id : 0;
    }

    /**
     * c = op(a)·op(b), op transposing when asked: X·W forward (NN), δ·Wᵀ backward (NT) and
     * Xᵀ·δ weight gradient (TN). Threads split c's rows or columns, never the summed dimension, so
     * results do not depend on the thread count.
     */
    void gemm(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c);

    /** z += bias (broadcast over rows) when {@code bias} is not null, then out = act(z). */
    void biasActivation(Tensor z, Tensor bias, ActivationFunction act, Tensor out);

    /**
     * delta = delta ∗ act'(z) in place, given out = act(z); for softmax the Jacobian-vector
     * product δ_j = s_j·(δ_j − Σ_k δ_k·s_k).
     */
    void activationBackward(Tensor delta, Tensor z, Tensor out, ActivationFunction act);

    /**
     * Writes ∂J/∂Z of the batch-mean loss J into {@code delta} (that is (Ŷ − Y)/n for sigmoid+BCE
     * and softmax+CE) and returns the loss summed over the batch rows.
     */
    default double outputDelta(Loss loss, ActivationFunction act, Tensor z, Tensor out, Tensor y, Tensor delta) {
        return outputDelta(loss, act, z, out, y, delta, null);
    }

    /**
     * As {@link #outputDelta(Loss, ActivationFunction, Tensor, Tensor, Tensor, Tensor)}, with each
     * row's loss and delta multiplied by its weight in {@code rowWeights} (rows × 1; class weights
     * gathered with the batch). The batch mean stays divided by the row count, as Keras does. With
     * {@code rowWeights} null the results are bit-identical to the unweighted op.
     */
    double outputDelta(Loss loss, ActivationFunction act, Tensor z, Tensor out, Tensor y, Tensor delta,
                       Tensor rowWeights);

    /** out[0][j] = Σ_r m[r][j]: the bias gradient. */
    void columnSums(Tensor m, Tensor out);

    /**
     * Rows whose prediction matches the target: argmax for several outputs, a 0.5 threshold for
     * one output.
     */
    int countCorrect(Tensor out, Tensor y);

    /** Sum over the batch of squared errors (for RMSE). */
    double sumSquaredError(Tensor out, Tensor y);

    /** param −= learningRate · grad. */
    void sgdStep(Tensor param, Tensor grad, float learningRate);

    /**
     * SGD with momentum, in Keras's form, elementwise: v ← μ·v − η·g, then θ ← θ + v, or with
     * Nesterov θ ← θ + μ·v − η·g (using the new v). {@code velocity} starts at zero.
     */
    void momentumStep(Tensor param, Tensor grad, Tensor velocity, float learningRate, float momentum,
                      boolean nesterov);

    /**
     * Adam and AdamW, elementwise: θ ← θ − decay·θ (decoupled weight decay; 0 for Adam), then
     * m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², θ ← θ − stepSize·m / (√v + ε). The caller passes
     * stepSize = η·√(1 − β2^t) / (1 − β1^t) for step t = 1, 2, ... (Keras's bias correction) and
     * decay = η·weight_decay. {@code m} and {@code v} start at zero.
     */
    void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float stepSize, float beta1, float beta2,
                  float epsilon, float decay);

    /** dst ← dst + alpha·src, elementwise over {@code dst.size()} values (L2's gradient 2λ·W). */
    void addScaled(Tensor dst, Tensor src, float alpha);

    /** Σ t² over all of {@code t}, accumulated in double in index order (gradient norms, L2 penalty). */
    double sumOfSquares(Tensor t);

    /** t ← factor·t, elementwise (gradient clipping). */
    void scale(Tensor t, float factor);

    /**
     * dst ← a ∗ b elementwise over {@code dst.size()} values; {@code dst} may be {@code a}. With b a
     * dropout mask of 0 and 1/(1 − rate) this is inverted dropout forward and backward.
     */
    void multiply(Tensor a, Tensor b, Tensor dst);

    /**
     * Batch statistics per column (per feature): mean[j] = Σ_r x[r][j] / n and variance[j] =
     * Σ_r (x[r][j] − mean[j])² / n (biased, two passes), n = x.rows(); {@code mean} and
     * {@code variance} are 1 × cols. Sums run in row order, split over columns only, so results do
     * not depend on the thread count. With no rows nothing is written.
     */
    void columnMoments(Tensor x, Tensor mean, Tensor variance);

    /**
     * Batch normalisation forward, per column: xHat = (x − mean) / √(variance + epsilon), out =
     * gamma ∗ xHat + beta; the per-column vectors are 1 × cols. {@code xHat} may be null (inference);
     * {@code out} may be {@code x}.
     */
    void batchNormForward(Tensor x, Tensor mean, Tensor variance, Tensor gamma, Tensor beta, float epsilon,
                          Tensor xHat, Tensor out);

    /**
     * Backward of {@link #batchNormForward} with batch statistics, n = delta.rows(): gammaGrad[j] =
     * Σ_r δ·xHat, betaGrad[j] = Σ_r δ, and, when {@code deltaIn} is not null, deltaIn =
     * gamma/√(variance + ε) · (δ − betaGrad/n − xHat·gammaGrad/n). {@code deltaIn} may be
     * {@code delta} (in place).
     */
    void batchNormBackward(Tensor delta, Tensor xHat, Tensor variance, Tensor gamma, float epsilon,
                           Tensor gammaGrad, Tensor betaGrad, Tensor deltaIn);

    // The fused step ops below are what one training step runs. Their defaults compose the single
    // ops above in the order the step always ran them (StepOps); a device backend overrides them
    // to launch fewer kernels and to keep the step's sums and its finiteness record on the device.

    /** The step's sums and divergence record, kept where this backend computes: see {@link RunningTotals}. */
    default RunningTotals allocateTotals() {
        return new HostTotals();
    }

    /** {@link #gatherRows} of a batch's inputs and targets with the same indices. */
    default void gatherBatch(Tensor srcX, Tensor srcY, int[] indices, int offset, Tensor dstX, Tensor dstY) {
        gatherRows(srcX, indices, offset, dstX);
        gatherRows(srcY, indices, offset, dstY);
    }

    /** A dense layer forward: z = x·w, then {@link #biasActivation}(z, bias, act, out). */
    default void denseForward(Tensor x, Tensor w, Tensor bias, ActivationFunction act, Tensor z, Tensor out) {
        gemm(x, false, w, false, z);
        biasActivation(z, bias, act, out);
    }

    /**
     * {@link #outputDelta} of a training batch, with the batch's loss, quality ({@link #countCorrect}
     * when {@code classification}, else {@link #sumSquaredError}) and rows added to {@code totals}
     * instead of returned.
     */
    default void lossStep(Loss loss, ActivationFunction act, Tensor z, Tensor out, Tensor y, Tensor delta,
                          Tensor rowWeights, boolean classification, RunningTotals totals) {
        double batchLoss = outputDelta(loss, act, z, out, y, delta, rowWeights);
        double quality = classification ? countCorrect(out, y) : sumSquaredError(out, y);
        totals.addBatch(batchLoss, quality, out.rows());
    }

    /** A dense layer's gradients: weightGrad = xᵀ·delta, and biasGrad = {@link #columnSums}(delta) unless null. */
    default void weightGradients(Tensor x, Tensor delta, Tensor weightGrad, Tensor biasGrad) {
        gemm(x, true, delta, false, weightGrad);
        if (biasGrad != null) {
            columnSums(delta, biasGrad);
        }
    }

    /**
     * ∂J/∂Z of the dense layer below: deltaIn = delta·wᵀ, then {@link #activationBackward}(deltaIn,
     * zBelow, outBelow, actBelow).
     */
    default void deltaBackward(Tensor delta, Tensor w, Tensor deltaIn, Tensor zBelow, Tensor outBelow,
                               ActivationFunction actBelow) {
        gemm(delta, false, w, true, deltaIn);
        activationBackward(deltaIn, zBelow, outBelow, actBelow);
    }

    /**
     * One optimizer step over every parameter of {@code params} by {@code rule}. With a {@code guard}
     * (null: none) the step first checks the batch loss and every gradient for finiteness: when one is
     * not finite, or a non-finite step is already recorded, it records the step in the guard's totals
     * and changes nothing; else it clips the gradients in place to the guard's norm (by their global
     * norm) before the update.
     */
    default void update(ParameterSet params, UpdateRule rule, StepGuard guard) {
        StepOps.update(this, params, rule, guard);
    }

    /**
     * Launches, host reads and bytes moved on the device so far (the {@code bench --json} counters);
     * {@link DeviceCounters#NONE} for a backend without a device.
     */
    default DeviceCounters counters() {
        return DeviceCounters.NONE;
    }

    /** The device's memory limits, or null for a backend whose tensors live on the Java heap. */
    default DeviceMemory deviceMemory() {
        return null;
    }

    /** Releases device memory and worker threads. */
    @Override
    void close();

    /** The kernel that runs the products, for reports: the Java backend names its vector width. */
    default String kernelName() {
        return name();
    }

    /**
     * The FMA peak of this device in GFLOP/s, measured now (a fraction of a second) with the
     * width its products use; NaN where the backend cannot measure it.
     */
    default double fmaPeakGflops() {
        return Double.NaN;
    }
}
