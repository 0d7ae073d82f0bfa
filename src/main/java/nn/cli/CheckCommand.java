package nn.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import nn.config.LoadedConfig;
import nn.run.Experiment;
import nn.network.DenseLayer;
import nn.network.Layer;
import nn.network.Footprint;
import nn.run.RunFootprint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nn check CONFIG}: validates a config and its data without training. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Validates CONFIG and its data without training; prints the layer chain, parameters, "
                + "FLOPs and the memory a run needs.",
        footer = {"", ExitCode.TABLE})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--json", description = "Print one JSON object (layers, parameters, FLOPs, footprintBytes) instead of text.")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        ConfigOptions.PreparedRun run = configOptions.prepare();
        LoadedConfig loaded = run.loaded();
        Experiment experiment = run.experiment();
        PrintWriter out = command.commandLine().getOut();
        int batch = Math.min(loaded.spec().training().batchSize(), experiment.train().rows());
        Footprint cost = RunFootprint.of(experiment);
        if (json) {
            var node = FootprintJson.of(configOptions.config.toString(), experiment.network(), batch, cost);
            ColumnTable.addTo(node, experiment.preprocessing());
            out.println(node);
            out.flush();
            return ExitCode.OK;
        }
        out.println(configOptions.config + ": ok");
        out.printf(Locale.ROOT, "  input   %d features%n", experiment.network().inputs());
        int index = 1;
        for (Layer layer : experiment.network().layers()) {
            String kind = layer instanceof DenseLayer d ? d.activation().yamlName() + (d.hasBias() ? " + bias" : "")
                    : layer.typeName();
            out.printf(Locale.ROOT, "  layer %d %d -> %d %s, %d parameters%n", index++, layer.inputs(), layer.outputs(),
                    kind, layer.parameterCount());
        }
        out.printf(Locale.ROOT, "  parameters %,d; %,d FLOPs per sample forward, %,d per training sample%n",
                cost.parameters(), cost.forwardFlops(), cost.trainingFlopsPerSample());
        out.printf(Locale.ROOT, "  memory  %s: %s for training (batch %d), %s for the data (%d training rows)%n",
                Footprint.human(cost.totalBytes()), Footprint.human(cost.trainingBytes()), batch,
                Footprint.human(cost.dataBytes()), experiment.train().rows());
        ColumnTable.print(out, experiment.preprocessing());
        out.flush();
        return ExitCode.OK;
    }
}
