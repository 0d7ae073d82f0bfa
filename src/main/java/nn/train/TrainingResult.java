package nn.train;

import java.util.List;
import nn.network.Network;

/**
 * The trained network with what happened on the way. {@code validation} and {@code test} are null
 * without such data. {@code bestEpoch} is the epoch whose weights {@code network} holds (the last
 * one unless early stopping restored a better one); {@code stoppedEarly} says whether early
 * stopping ended the run before its planned epochs; {@code interrupted} that a stop request ended
 * it (the network is then the one at that batch). {@code samplesPerSecond} is over all the epochs
 * this run trained; {@code steadySamplesPerSecond} over those after its first (NaN with fewer than
 * two), whose time is mostly the JIT compiling the kernels: the figure to hold against
 * {@code nn bench}, which times epochs after a warm-up one.
 */
public record TrainingResult(Network network, List<EpochMetrics> history, Evaluation train, Evaluation validation,
                             Evaluation test, double seconds, double samplesPerSecond, int bestEpoch,
                             boolean stoppedEarly, boolean interrupted, double steadySamplesPerSecond) {
    public TrainingResult {
        history = List.copyOf(history);
    }

    /** Without a figure after the first epoch. */
    public TrainingResult(Network network, List<EpochMetrics> history, Evaluation train, Evaluation validation,
                          Evaluation test, double seconds, double samplesPerSecond, int bestEpoch, boolean stoppedEarly,
                          boolean interrupted) {
        this(network, history, train, validation, test, seconds, samplesPerSecond, bestEpoch, stoppedEarly, interrupted,
                Double.NaN);
    }

    /** A run that was not interrupted. */
    public TrainingResult(Network network, List<EpochMetrics> history, Evaluation train, Evaluation validation,
                          Evaluation test, double seconds, double samplesPerSecond, int bestEpoch, boolean stoppedEarly) {
        this(network, history, train, validation, test, seconds, samplesPerSecond, bestEpoch, stoppedEarly, false);
    }
}
