package nn.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nn.spec.ExperimentSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Raw bytes in, a validated spec or a {@link ConfigException} out: any other exception (or error)
 * escaping {@link ConfigLoader#load} is a bug. Without {@code JAZZER_FUZZ} this replays the seed
 * corpus in {@code src/test/resources/nn/config/ConfigLoaderFuzzTestInputs/loadConfig/} (the shipped
 * configs, hostile cases and every crash found so far); with {@code JAZZER_FUZZ=1} it fuzzes for
 * {@code maxDuration}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigLoaderFuzzTest {
    // One loader for the whole run: bootstrapping Hibernate Validator per input would cost half a second.
    private ConfigLoader loader;
    private Path file;

    @BeforeAll
    void openLoader() throws IOException {
        loader = new ConfigLoader();
        file = Files.createTempFile("fuzz-config", ".yaml");
    }

    @AfterAll
    void closeLoader() throws IOException {
        loader.close();
        Files.deleteIfExists(file);
    }

    @FuzzTest(maxDuration = "3m")
    void loadConfig(byte[] yaml) throws IOException {
        Files.write(file, yaml);
        try {
            ExperimentSpec spec = loader.load(file, List.of()).spec();
            if (spec == null) {
                throw new AssertionError("load returned no spec and threw nothing");
            }
        } catch (ConfigException expected) {
            if (expected.problems().isEmpty() || expected.problems().stream().anyMatch(p -> p.isBlank() || p.contains("\n"))) {
                throw new AssertionError("a ConfigException must carry one non-empty line per problem: "
                        + expected.problems());
            }
        }
    }
}
