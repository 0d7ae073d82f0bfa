package nn.run;

import nn.data.Dataset;
import nn.data.Normalizer;
import nn.network.Network;
import nn.spec.ExperimentSpec;
import nn.train.TrainingOptions;

/**
 * Everything a training run needs, built and cross-checked from a spec: the initial network,
 * normalised data ({@code validation} and {@code test} may be null) and the training options.
 */
public record Experiment(ExperimentSpec spec, Network network, Dataset train, Dataset validation, Dataset test,
                         Normalizer normalizer,
                         TrainingOptions options) {
}
