package nn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nn.network.DenseLayer;
import nn.network.Footprint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nn summary CONFIG|MODEL}: a layer table like Keras's {@code summary()}. */
@Command(name = "summary", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Prints each layer of a config's or trained model's network: activation, output shape, "
                + "parameters, FLOPs per sample, memory; then the totals.",
        footer = {"", ExitCode.TABLE})
final class SummaryCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG|MODEL", description = "A YAML config, models/NAME, or a model file (model.nnm, or a format-1 model.json).")
    Path source;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key, as for train.")
    List<String> overrides = new ArrayList<>();

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        NetworkSource net = NetworkSource.open(source, overrides);
        PrintWriter out = command.commandLine().getOut();
        String row = "%-9s %-11s %-14s %12s %14s %12s%n";
        out.println(net.label());
        out.printf(Locale.ROOT, row, "layer", "activation", "output shape", "parameters", "FLOPs/sample", "memory");
        out.printf(Locale.ROOT, row, "input", "", "(batch, " + net.network().inputs() + ")", "0", "0", "0 B");
        int index = 1;
        for (DenseLayer layer : net.network().layers()) {
            out.printf(Locale.ROOT, row, "dense_" + index++, layer.activation().yamlName()
                            + (layer.hasBias() ? "" : " (no b)"), "(batch, " + layer.units() + ")",
                    String.format(Locale.ROOT, "%,d", layer.parameterCount()),
                    String.format(Locale.ROOT, "%,d", 2L * layer.inputs() * layer.units()),
                    Footprint.human((long) layer.parameterCount() * Float.BYTES));
        }
        Footprint cost = Footprint.of(net.network(), net.batchSize(), 0, 0, net.network().outputs());
        out.printf(Locale.ROOT, "total: %,d parameters (%s), %,d FLOPs per sample forward, %,d per training sample%n",
                cost.parameters(), Footprint.human(cost.parameters() * Float.BYTES), cost.forwardFlops(),
                cost.trainingFlopsPerSample());
        out.printf(Locale.ROOT, "training memory at batch %d: %s (parameters, gradients, activations, deltas)%n",
                net.batchSize(), Footprint.human(cost.trainingBytes()));
        out.flush();
        return ExitCode.OK;
    }
}
