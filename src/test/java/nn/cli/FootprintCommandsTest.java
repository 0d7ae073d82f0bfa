package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import nn.config.ConfigLoader;
import nn.config.LoadedConfig;
import nn.network.Footprint;
import nn.run.Experiments;
import nn.run.MemoryGuard;
import nn.spec.SpecException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One footprint: {@code check --json}, {@code summary --json} and the memory guard report the same
 * figure for the same config, and the JSON documents are the whole of stdout.
 */
class FootprintCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String... args) throws IOException {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), run.err());
        JsonNode node = JSON.readTree(run.out());
        assertTrue(node.isObject(), run.out());
        assertEquals(1, run.out().strip().lines().count(), "stdout is exactly one JSON object: " + run.out());
        assertTrue(node.get("footprintBytes").isIntegralNumber(), run.out());
        return node;
    }

    @ParameterizedTest
    @ValueSource(strings = {"configs/iris.yaml", "configs/wine.yaml", "configs/diabetes.yaml"})
    void checkSummaryAndTheMemoryGuardAgree(String config) throws IOException {
        long check = json("check", config, "--json").get("footprintBytes").asLong();
        long summary = json("summary", config, "--json").get("footprintBytes").asLong();
        assertEquals(check, summary, "check and summary");
        LoadedConfig loaded;
        try (ConfigLoader loader = new ConfigLoader()) {
            loaded = loader.load(Path.of(config), List.of());
        }
        // A guard with almost no heap refuses the run and says what it needs: the same figure. (Given
        // the experiment's data sizes: prepare's own guard would already refuse the files before reading them.)
        var experiment = Experiments.prepare(loaded.spec(), loaded.baseDir());
        SpecException refused = assertThrows(SpecException.class, () -> new MemoryGuard(1024)
                .check(loaded.spec(), nn.run.RunFootprint.DataSizes.of(experiment)));
        assertTrue(refused.getMessage().startsWith("the run needs about " + Footprint.human(check) + ","),
                refused.getMessage() + " vs " + check);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum", "adam"})
    void optimizerStateAndDropoutBuffersAreCounted(String optimizer) throws IOException {
        String set = switch (optimizer) {
            case "sgd" -> "optimizer={type: sgd, learning_rate: 0.1}";
            case "momentum" -> "optimizer={type: sgd, learning_rate: 0.1, momentum: 0.9}";
            default -> "optimizer={type: adam, learning_rate: 0.001}";
        };
        JsonNode plain = json("check", "configs/iris.yaml", "--json", "--set", set);
        long parameters = plain.get("parameters").asLong();
        int slots = switch (optimizer) {
            case "sgd" -> 0;
            case "momentum" -> 1;
            default -> 2;
        };
        assertEquals(parameters * slots * Float.BYTES, plain.get("optimizerBytes").asLong(), optimizer);
        JsonNode dropped = json("check", "configs/iris.yaml", "--json", "--set", set,
                "--set", "network.layers[0].dropout=0.5");
        // Mask, masked outputs and the host's mask: 3 floats per hidden unit (16) per batch row (16).
        assertEquals(3L * 16 * 16 * Float.BYTES,
                dropped.get("bufferBytes").asLong() - plain.get("bufferBytes").asLong());
    }
}
