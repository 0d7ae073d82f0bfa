package nn.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import nn.network.DenseLayer;
import nn.network.Layer;
import nn.network.Footprint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nn summary CONFIG|MODEL}: a layer table like Keras's {@code summary()}. */
@Command(name = "summary", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Prints each layer of a config's or trained model's network: activation, output shape, "
                + "parameters, FLOPs per sample, memory; then the totals.",
        footer = {"", ExitCode.TABLE})
final class SummaryCommand implements Callable<Integer> {
    @Mixin
    NetworkSourceOptions network;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        NetworkSource net = network.open();
        PrintWriter out = command.commandLine().getOut();
        String row = "%-9s %-11s %-14s %12s %14s %12s%n";
        out.println(net.label());
        out.printf(Locale.ROOT, row, "layer", "activation", "output shape", "parameters", "FLOPs/sample", "memory");
        out.printf(Locale.ROOT, row, "input", "", "(batch, " + net.network().inputs() + ")", "0", "0", "0 B");
        int index = 1;
        for (Layer layer : net.network().layers()) {
            String activation = layer instanceof DenseLayer d ? d.activation().yamlName() + (d.hasBias() ? "" : " (no b)") : "";
            out.printf(Locale.ROOT, row, layer.typeName() + "_" + index++, activation, "(batch, " + layer.outputs() + ")",
                    String.format(Locale.ROOT, "%,d", layer.parameterCount()),
                    String.format(Locale.ROOT, "%,d", layer.forwardFlops()),
                    Footprint.human((layer.parameterCount() + layer.stateCount()) * Float.BYTES));
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
