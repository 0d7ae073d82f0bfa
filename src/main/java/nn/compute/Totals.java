package nn.compute;

/**
 * The sums of {@link RunningTotals} at a sync point.
 *
 * @param lossSum   the summed loss of the batches since the last reset (L2 penalty included)
 * @param quality   correct rows (classification) or summed squared error since the last reset
 * @param rows      rows trained since the last reset
 * @param lastLoss  the last batch's summed loss
 * @param nonFinite the first step whose loss or gradients went non-finite, null when none did
 */
public record Totals(double lossSum, double quality, long rows, double lastLoss, NonFiniteStep nonFinite) {

    /**
     * A step whose loss or gradients were not finite; its update was skipped, and so was every later
     * update until the totals are reset.
     *
     * @param epoch the epoch, from 1
     * @param batch the batch within the epoch, from 1
     * @param loss  that batch's summed loss (finite when only a gradient went non-finite)
     */
    public record NonFiniteStep(int epoch, int batch, double loss) {
    }
}
