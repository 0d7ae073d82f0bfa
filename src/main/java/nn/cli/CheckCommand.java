package nn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nn.config.ConfigLoader;
import nn.config.LoadedConfig;
import nn.dsl.Experiment;
import nn.dsl.Experiments;
import nn.network.DenseLayer;
import nn.network.Footprint;
import nn.spec.SpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nn check CONFIG}: validates a config and its data without training. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Validates CONFIG and its data without training; prints the layer chain, parameters, "
                + "FLOPs and the memory a run needs.",
        footer = {"", ExitCode.TABLE})
final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "The YAML file to check.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key, as for train.")
    List<String> overrides = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of internal errors.")
    boolean verbose;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        LoadedConfig loaded;
        try (ConfigLoader loader = new ConfigLoader()) {
            loaded = loader.load(config, overrides);
        }
        Experiment experiment;
        try {
            experiment = Experiments.prepare(loaded.spec(), loaded.baseDir());
        } catch (SpecException e) {
            throw loaded.locate(e);
        }
        PrintWriter out = command.commandLine().getOut();
        int batch = Math.min(loaded.spec().training().batchSize(), experiment.train().rows());
        Footprint cost = Footprint.of(experiment.network(), batch, 0, experiment.train().rows(), experiment.train().targets());
        out.println(config + ": ok");
        out.printf(Locale.ROOT, "  input   %d features%n", experiment.network().inputs());
        int index = 1;
        for (DenseLayer layer : experiment.network().layers()) {
            out.printf(Locale.ROOT, "  layer %d %d -> %d %s%s, %d parameters%n", index++, layer.inputs(), layer.units(),
                    layer.activation().yamlName(), layer.hasBias() ? " + bias" : "",
                    layer.parameterCount());
        }
        out.printf(Locale.ROOT, "  parameters %,d; %,d FLOPs per sample forward, %,d per training sample%n",
                cost.parameters(), cost.forwardFlops(), cost.trainingFlopsPerSample());
        out.printf(Locale.ROOT, "  memory  %s for training (batch %d), %s for %d training rows%n",
                Footprint.human(cost.trainingBytes()), batch, Footprint.human(cost.dataBytes()), experiment.train().rows());
        out.flush();
        return ExitCode.OK;
    }
}
