package nn.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nn.config.ConfigLoader;
import nn.config.LoadedConfig;
import nn.run.SpecNetworks;
import nn.run.SpecTypes;
import nn.io.ModelDirectory;
import nn.io.ModelFile;
import nn.data.Preprocessing;
import nn.io.SavedModel;
import nn.run.Experiment;
import nn.run.Experiments;
import nn.spec.SpecException;
import nn.network.Network;
import nn.compute.Loss;
import nn.spec.ExperimentSpec;

/**
 * What {@code summary} and {@code explain} describe: a config (its network freshly initialised;
 * its data read only when {@code auto} widths need it) or a trained model (models/NAME, a
 * model.nnm or a format-1 .json file), with the loss it trains with.
 *
 * @param spec   the config, or the model's saved one (null when the model file holds none)
 * @param config the loaded config, or null for a model
 * @param preprocessing the model's fitted columns, or a config's when its data was read; else null
 */
record NetworkSource(String label, Network network, Loss loss, String optimizer, int batchSize, ExperimentSpec spec,
                     LoadedConfig config, Preprocessing preprocessing) {

    static NetworkSource open(Path path, List<String> overrides) {
        if (Files.isDirectory(path) || path.toString().endsWith(".json") || path.toString().endsWith(".nnm")) {
            Path file = ModelDirectory.modelFile(path);
            SavedModel model = ModelFile.load(file);
            ExperimentSpec config = model.config();
            boolean typed = config != null && config.optimizer() != null && config.training() != null;
            return new NetworkSource("model " + file, model.network(), loss(config),
                    typed ? optimizerText(config.optimizer().type().yamlName(), config.optimizer().learningRate())
                            : optimizerText("sgd", 0.0),
                    typed ? config.training().batchSize() : 32, config, null, model.preprocessing());
        }
        try (ConfigLoader loader = new ConfigLoader()) {
            LoadedConfig loaded = loader.load(path, overrides);
            var spec = loaded.spec();
            var layers = spec.network().layers();
            Preprocessing preprocessing = null;
            if (spec.network().input() == null || layers.get(layers.size() - 1).units() == null) {
                // auto widths come from the data: read it, as check does.
                try {
                    Experiment experiment = Experiments.prepare(spec, loaded.baseDir());
                    spec = experiment.spec();
                    preprocessing = experiment.preprocessing();
                } catch (SpecException e) {
                    throw loaded.locate(e);
                }
            }
            Network network = SpecNetworks.build(spec.network(), spec.seed(), preprocessing);
            return new NetworkSource("config " + path, network, SpecTypes.loss(spec.loss()),
                    optimizerText(spec.optimizer().type().yamlName(), spec.optimizer().learningRate()),
                    spec.training().batchSize(), spec, loaded, preprocessing);
        }
    }

    /** The loss a saved model was trained with, from its resolved config (binary cross-entropy when it has none). */
    static Loss loss(ExperimentSpec config) {
        return config == null || config.loss() == null ? Loss.BINARY_CROSSENTROPY : SpecTypes.loss(config.loss());
    }

    private static String optimizerText(String type, Double learningRate) {
        return type + " (learning rate " + (learningRate == null ? 0.0 : learningRate) + ")";
    }
}
