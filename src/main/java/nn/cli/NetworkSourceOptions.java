package nn.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** CONFIG|MODEL and {@code --set}, shared by the commands that describe a network: summary, explain. */
final class NetworkSourceOptions {
    @Parameters(index = "0", paramLabel = "CONFIG|MODEL", description = "A YAML config, models/NAME, or a model file (model.nnm, or a format-1 model.json).")
    Path source;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key, as for train.")
    List<String> overrides = new ArrayList<>();

    NetworkSource open() {
        return NetworkSource.open(source, overrides);
    }
}
