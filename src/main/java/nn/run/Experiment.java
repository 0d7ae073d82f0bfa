package nn.run;

import nn.data.Dataset;
import nn.data.Normalizer;
import nn.data.Preprocessing;
import nn.network.Network;
import nn.spec.ExperimentSpec;
import nn.train.TrainingOptions;

/**
 * Everything a training run needs, built and cross-checked from a spec: the initial network,
 * normalised data ({@code validation} and {@code test} may be null), the training options and the
 * preprocessing fitted on the training file. {@code spec} has {@code auto} widths resolved.
 */
public record Experiment(ExperimentSpec spec, Network network, Dataset train, Dataset validation, Dataset test,
                         Normalizer normalizer,
                         TrainingOptions options, Preprocessing preprocessing) {
    /** An experiment whose inputs are numeric columns as they are (inline rows, IDX images). */
    public Experiment(ExperimentSpec spec, Network network, Dataset train, Dataset validation, Dataset test,
                      Normalizer normalizer, TrainingOptions options) {
        this(spec, network, train, validation, test, normalizer, options, Preprocessing.numeric(train.featureNames()));
    }
}
