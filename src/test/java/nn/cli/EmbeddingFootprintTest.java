package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nn.config.ConfigLoader;
import nn.config.LoadedConfig;
import nn.network.EmbeddingLayer;
import nn.network.Footprint;
import nn.network.Layer;
import nn.run.Experiment;
import nn.run.Experiments;
import nn.run.MemoryGuard;
import nn.run.RunFootprint;
import nn.spec.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one footprint counts an embedding first layer: its tables as parameters (with gradients,
 * the host copy and Adam's two moments) and the next layer on the vectors' width, not the ids'.
 * {@code check}, {@code summary} (of the config and of the trained model) and the memory guard
 * give the figure the built network has.
 */
class EmbeddingFootprintTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode json(String... args) throws IOException {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), run.err());
        return JSON.readTree(run.out());
    }

    @Test
    void tablesCountInCheckSummaryAndTheGuard() throws IOException {
        Files.writeString(dir.resolve("train.csv"), EmbeddingDefaultCliTest.rows(1, 300, true));
        Files.writeString(dir.resolve("test.csv"), EmbeddingDefaultCliTest.rows(2, 50, true));
        Path yaml = EmbeddingDefaultCliTest.config(dir, "fp", 1);
        LoadedConfig loaded;
        try (ConfigLoader loader = new ConfigLoader()) {
            loaded = loader.load(yaml, List.of());
        }
        Experiment experiment = Experiments.prepare(loaded.spec(), loaded.baseDir());
        List<Layer> layers = experiment.network().layers();
        assertTrue(layers.get(0) instanceof EmbeddingLayer, "the 60-value column is embedded by default");
        long built = layers.stream().mapToLong(Layer::parameterCount).sum();
        long buffers = layers.stream().mapToLong(Layer::bufferFloatsPerRow).sum();

        JsonNode check = json("check", yaml.toString(), "--json");
        assertEquals(built, check.get("parameters").asLong(), "tables + the dense layers on the vectors' width");
        assertEquals(built * 2 * Float.BYTES, check.get("optimizerBytes").asLong(), "Adam's moments of the tables too");
        assertEquals(built * 3 * Float.BYTES, check.get("parameterBytes").asLong(), "values, gradients, host copy");
        long batchRow = experiment.train().features() + experiment.train().targets();
        assertEquals(32 * (buffers + 4 * batchRow) * Float.BYTES, check.get("bufferBytes").asLong(),
                "the embedding's output and delta per row");
        long footprint = check.get("footprintBytes").asLong();
        assertEquals(footprint, json("summary", yaml.toString(), "--json").get("footprintBytes").asLong());
        assertEquals(footprint, RunFootprint.of(experiment).totalBytes());
        SpecException refused = assertThrows(SpecException.class, () -> new MemoryGuard(1024)
                .check(experiment.spec(), RunFootprint.DataSizes.of(experiment)));
        assertTrue(refused.getMessage().startsWith("the run needs about " + Footprint.human(footprint) + ","),
                refused.getMessage());

        CliRun train = CliRun.of(yaml.toString(), "--output-dir", dir.resolve("models").toString(), "-q");
        assertEquals(0, train.exitCode(), train.err());
        JsonNode model = json("summary", dir.resolve("models/fp").toString(), "--json");
        assertEquals(built, model.get("parameters").asLong(), "a trained model's summary counts the tables too");
    }
}
