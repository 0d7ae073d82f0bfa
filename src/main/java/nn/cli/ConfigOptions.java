package nn.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nn.config.ConfigLoader;
import nn.config.LoadedConfig;
import nn.run.Experiment;
import nn.run.Experiments;
import nn.spec.SpecException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** CONFIG and {@code --set}, shared by the commands that read a config: loading and preparing a run. */
final class ConfigOptions {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "The YAML file declaring the run.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a config key, as in --set training.epochs=10 or --set network.layers[0].units=8.")
    List<String> overrides = new ArrayList<>();

    /** A config read and checked, with the run it declares built: network, data, options. */
    record PreparedRun(LoadedConfig loaded, Experiment experiment) {
    }

    /** Loads and validates the config, then reads its data; a cross-check failure names its line. */
    PreparedRun prepare() {
        LoadedConfig loaded = load();
        return new PreparedRun(loaded, prepare(loaded));
    }

    /** Loads and validates the config without reading its data. */
    LoadedConfig load() {
        try (ConfigLoader loader = new ConfigLoader()) {
            return loader.load(config, overrides);
        }
    }

    /** Reads the data of a loaded config and builds its run; a cross-check failure names its line. */
    static Experiment prepare(LoadedConfig loaded) {
        try {
            return Experiments.prepare(loaded.spec(), loaded.baseDir());
        } catch (SpecException e) {
            throw loaded.locate(e);
        }
    }
}
