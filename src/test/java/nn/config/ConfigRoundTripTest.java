package nn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nn.spec.ExperimentSpec;
import org.junit.jupiter.api.Test;

/** YAML → spec → YAML → spec gives an equal spec, for every shipped config. */
class ConfigRoundTripTest {
    @Test
    void everyShippedConfigSurvivesARoundTrip() throws IOException {
        List<Path> configs = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("configs"), "*.yaml")) {
            dir.forEach(configs::add);
        }
        assertEquals(true, configs.size() >= 3, "configs found: " + configs);
        try (ConfigLoader loader = new ConfigLoader()) {
            ConfigWriter writer = new ConfigWriter();
            for (Path config : configs) {
                LoadedConfig first = loader.load(config, List.of());
                String yaml = writer.write(first.spec());
                ExperimentSpec again = loader.parse("written-" + config.getFileName(), yaml, first.baseDir(), List.of()).spec();
                assertEquals(first.spec(), again, config + " written as\n" + yaml);
                assertEquals(yaml, writer.write(again), "writing is stable");
            }
        }
    }
}
