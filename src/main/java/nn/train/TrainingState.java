package nn.train;

import java.util.List;
import nn.network.Network;

/**
 * Everything a run needs to continue exactly where it stopped, as a checkpoint holds it.
 *
 * @param epoch          whole epochs done
 * @param batch          batches done of the next epoch (non-zero only when a run was interrupted)
 * @param lossSum        that partial epoch's summed loss so far
 * @param quality        that partial epoch's correct count (or squared error) so far
 * @param network        the parameters now
 * @param optimizerCount the optimizer's update count (Adam's t)
 * @param optimizerState the optimizer's tensors (moments, velocities) in {@link Optimizer.Step#state} order
 * @param dropoutDraws   numbers drawn so far from the dropout masks' generator, to skip on resume
 * @param history        the metrics of every whole epoch
 * @param best           early stopping's best monitored value (unused without early stopping)
 * @param bestEpoch      the epoch that reached it
 * @param bestNetwork    its weights when early stopping restores the best; else null
 */
public record TrainingState(int epoch, int batch, double lossSum, double quality, Network network,
                            long optimizerCount, List<float[]> optimizerState, long dropoutDraws,
                            List<EpochMetrics> history, double best, int bestEpoch, Network bestNetwork) {
    public TrainingState {
        optimizerState = List.copyOf(optimizerState);
        history = List.copyOf(history);
    }
}
