package nn.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What one round sends every partition: a pure function of these values and the partition's
 * rows gives the partition's {@link Partial}, so a retried task returns the same floats.
 *
 * @param round          global round number, from 0 (labels failures, selects injected faults)
 * @param epoch          the epoch, from 1
 * @param firstBatch     the epoch's first mini-batch index this round covers
 * @param batches        how many mini-batches (k, or fewer at the epoch's end)
 * @param learningRate   the schedule's rate this epoch (used by local steps under {@code sync: parameters})
 * @param weights        every parameter's values, in {@link nn.train.TrainingStep#parameters()} order
 * @param optimizerCount the optimizer's update count (parameters sync only)
 * @param optimizerState the optimizer's tensors (parameters sync only; empty otherwise)
 * @param state          the layers' running statistics (batch_norm's moving mean and variance; empty for none)
 */
public record RoundInput(int round, int epoch, int firstBatch, int batches, float learningRate, List<float[]> weights,
                         long optimizerCount, List<float[]> optimizerState, List<float[]> state) implements Serializable {
    private static final long serialVersionUID = 1L;
}
