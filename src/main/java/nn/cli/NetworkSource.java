package nn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nn.config.ConfigLoader;
import nn.config.LoadedConfig;
import nn.run.Experiments;
import nn.run.SpecNetworks;
import nn.run.SpecTypes;
import nn.io.ModelDirectory;
import nn.io.ModelFile;
import nn.io.SavedModel;
import nn.network.Network;
import nn.compute.Loss;

/**
 * What {@code summary} and {@code explain} describe: a config (its network freshly initialised,
 * no data read) or a trained model (models/NAME, a model.nnm or a format-1 .json file), with the loss it trains with.
 */
record NetworkSource(String label, Network network, Loss loss, String optimizer, int batchSize) {

    static NetworkSource open(Path path, List<String> overrides) {
        if (Files.isDirectory(path) || path.toString().endsWith(".json") || path.toString().endsWith(".nnm")) {
            Path file = ModelDirectory.modelFile(path);
            SavedModel model = ModelFile.load(file);
            var config = model.config();
            return new NetworkSource("model " + file, model.network(), loss(config),
                    optimizerText(config.path("optimizer").path("type").asText("sgd"),
                            config.path("optimizer").path("learning_rate").asDouble()),
                    config.path("training").path("batch_size").asInt(32));
        }
        try (ConfigLoader loader = new ConfigLoader()) {
            LoadedConfig loaded = loader.load(path, overrides);
            var spec = loaded.spec();
            Network network = SpecNetworks.build(spec.network(), spec.seed());
            return new NetworkSource("config " + path, network, SpecTypes.loss(spec.loss()),
                    optimizerText(spec.optimizer().type().yamlName(), spec.optimizer().learningRate()),
                    spec.training().batchSize());
        }
    }

    /** The loss a saved model was trained with, from its resolved config. */
    static Loss loss(JsonNode config) {
        return Loss.valueOf(switch (config.path("loss").asText()) {
            case "mse" -> "MEAN_SQUARED_ERROR";
            case "" -> "BINARY_CROSSENTROPY";
            default -> config.path("loss").asText().toUpperCase(java.util.Locale.ROOT);
        });
    }

    private static String optimizerText(String type, double learningRate) {
        return type + " (learning rate " + learningRate + ")";
    }
}
