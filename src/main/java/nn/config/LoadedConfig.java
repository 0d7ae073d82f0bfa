package nn.config;

import java.nio.file.Path;
import nn.spec.ExperimentSpec;
import nn.spec.SpecException;

/**
 * A validated spec with the folder its relative paths start from, and the means to turn a
 * later {@link SpecException} into a {@code FILE:LINE:COL: key: problem} line.
 */
public final class LoadedConfig {
    private final ExperimentSpec spec;
    private final Path baseDir;
    private final SourceMap sources;

    LoadedConfig(ExperimentSpec spec, Path baseDir, SourceMap sources) {
        this.spec = spec;
        this.baseDir = baseDir;
        this.sources = sources;
    }

    public ExperimentSpec spec() {
        return spec;
    }

    /** The config file's folder: data paths are relative to it. */
    public Path baseDir() {
        return baseDir;
    }

    /** The problem as a config error located at the offending key's value. */
    public ConfigException locate(SpecException problem) {
        String origin = sources.valueOrigin(problem.keyPath());
        String path = problem.keyPath().isEmpty() ? "" : problem.keyPath() + ": ";
        return new ConfigException(origin + ": " + path + problem.getMessage());
    }
}
