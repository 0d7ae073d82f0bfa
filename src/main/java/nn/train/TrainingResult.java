package nn.train;

import java.util.List;
import nn.network.Network;

/** The trained network with what happened on the way. {@code test} is null without test data. */
public record TrainingResult(Network network, List<EpochMetrics> history, Evaluation train, Evaluation test,
                             double seconds, double samplesPerSecond) {
    public TrainingResult {
        history = List.copyOf(history);
    }
}
