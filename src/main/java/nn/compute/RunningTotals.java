package nn.compute;

/**
 * What a training run sums between sync points: the loss, the quality (correct rows or squared
 * error), the rows, the last batch's loss and the first step whose loss or gradients went
 * non-finite. A device backend keeps these sums in device memory, where the fused step ops
 * ({@link Backend#lossStep}, {@link Backend#update}) add to them, so that nothing comes back to
 * the host per step; {@link #read} is the sync point (one host read on a device). A backend whose
 * tensors live on the host keeps them in {@link HostTotals}.
 *
 * <p>The host-side methods ({@link #addBatch}, {@link #addLoss}, {@link #recordNonFinite}) serve
 * the default, unfused implementations of the step ops; a device backend adds what they give to
 * its device sums when it reads them.
 */
public interface RunningTotals {

    /** Adds one batch's summed loss, its quality and its row count, computed on the host. */
    void addBatch(double loss, double quality, int rows);

    /** Adds a term to the current batch's loss (the L2 penalty, rows × Σλ‖W‖²). */
    void addLoss(double loss);

    /** Whether the current batch's loss, as the host-side sums know it, is finite. */
    boolean batchFinite();

    /** Records {@code (epoch, batch)} with the current batch's loss as the first non-finite step, unless one is recorded. */
    void recordNonFinite(int epoch, int batch);

    /** Whether a non-finite step is recorded (host-side knowledge; a device record shows only in {@link #read}). */
    boolean nonFiniteRecorded();

    /** The sums so far: the sync point. */
    Totals read();

    /** Sets the sums: zero at an epoch's start, a checkpoint's values when resuming mid-epoch; clears the record. */
    void reset(double lossSum, double quality);
}
