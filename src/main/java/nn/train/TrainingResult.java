package nn.train;

import java.util.List;
import nn.network.Network;

/**
 * The trained network with what happened on the way. {@code validation} and {@code test} are null
 * without such data. {@code bestEpoch} is the epoch whose weights {@code network} holds (the last
 * one unless early stopping restored a better one); {@code stoppedEarly} says whether early
 * stopping ended the run before its planned epochs.
 */
public record TrainingResult(Network network, List<EpochMetrics> history, Evaluation train, Evaluation validation,
                             Evaluation test, double seconds, double samplesPerSecond, int bestEpoch,
                             boolean stoppedEarly) {
    public TrainingResult {
        history = List.copyOf(history);
    }
}
