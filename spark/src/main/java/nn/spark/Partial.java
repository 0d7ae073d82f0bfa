package nn.spark;

import java.io.Serializable;
import java.util.List;

/**
 * One partition's answer to a round: float sums weighted by its rows, so that the driver's
 * partition-order sum divided by the total rows is the row-weighted mean.
 *
 * @param partition      the partition index (the driver sums in this order)
 * @param rows           rows this partition trained on this round (0 when its epoch share is used up)
 * @param sums           gradients × rows (sync gradients) or weights × rows (sync parameters)
 * @param lossSum        the summed per-batch loss, as {@link nn.train.TrainingStep#lossSum()} counts it
 * @param quality        correct predictions, or summed squared error
 * @param optimizerCount the local optimizer's count after the round (parameters sync)
 * @param optimizerSums  the local optimizer's tensors × rows (parameters sync; empty otherwise)
 * @param stateSums      the running statistics after the round × rows (batch_norm; empty for none)
 */
public record Partial(int partition, int rows, List<float[]> sums, double lossSum, double quality, long optimizerCount,
                      List<float[]> optimizerSums, List<float[]> stateSums) implements Serializable {
    private static final long serialVersionUID = 1L;
}
