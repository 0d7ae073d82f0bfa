package nn.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nn.network.DenseLayer;
import nn.config.LoadedConfig;
import nn.network.Layer;
import nn.network.Footprint;
import nn.data.Preprocessing;
import nn.run.Experiment;
import nn.run.Experiments;
import nn.run.RunFootprint;
import nn.run.SpecNetworks;
import nn.spec.SpecException;
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

    @Option(names = "--json", description = "Print one JSON object (layers, parameters, FLOPs, footprintBytes) instead of the table.")
    boolean json;

    @Override
    public Integer call() {
        NetworkSource net = network.open();
        PrintWriter out = command.commandLine().getOut();
        Costed costed = footprint(net);
        Footprint cost = costed.cost();
        int batch = net.batchSize();
        if (json) {
            var node = FootprintJson.of(net.label(), net.network(), batch, cost);
            if (costed.preprocessing() != null) {
                ColumnTable.addTo(node, costed.preprocessing());
            }
            out.println(node);
            out.flush();
            return ExitCode.OK;
        }
        // The name column fits the longest layer name (batch_norm_12), 9 wide for dense-only networks.
        int nameWidth = 9;
        for (int i = 0; i < net.network().layers().size(); i++) {
            nameWidth = Math.max(nameWidth, (net.network().layers().get(i).typeName() + "_" + (i + 1)).length());
        }
        String row = "%-" + nameWidth + "s %-11s %-14s %12s %14s %12s%n";
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
        out.printf(Locale.ROOT, "total: %,d parameters (%s), %,d FLOPs per sample forward, %,d per training sample%n",
                cost.parameters(), Footprint.human(cost.parameters() * Float.BYTES), cost.forwardFlops(),
                cost.trainingFlopsPerSample());
        out.printf(Locale.ROOT, "training memory at batch %d: %s (parameters, gradients, optimizer state, activations, "
                        + "deltas)%n", batch, Footprint.human(cost.trainingBytes()));
        out.printf(Locale.ROOT, "footprint: %s%s%n", Footprint.human(cost.totalBytes()), net.config() != null
                ? " with the data (" + Footprint.human(cost.dataBytes()) + "), as check and the memory guard count it"
                : " without the data, which a trained model does not carry");
        if (costed.preprocessing() != null) {
            ColumnTable.print(out, costed.preprocessing());
        }
        out.flush();
        return ExitCode.OK;
    }

    /**
     * A config's footprint counts its data as {@code check} and the memory guard do (it reads the
     * data); a model's has no data to count, and uses its saved config when it has one.
     */
    private static Costed footprint(NetworkSource net) {
        if (net.config() != null) {
            LoadedConfig loaded = net.config();
            try {
                Experiment experiment = Experiments.prepare(loaded.spec(), loaded.baseDir());
                return new Costed(RunFootprint.of(experiment), experiment.preprocessing());
            } catch (SpecException e) {
                throw loaded.locate(e);
            }
        }
        if (net.spec() != null && net.spec().network() != null && net.spec().training() != null
                && net.spec().optimizer() != null) {
            return new Costed(RunFootprint.of(net.spec(), new RunFootprint.DataSizes(0, 0, 0, net.network().inputs(),
                    net.network().outputs(), false, SpecNetworks.embedding(net.spec().network(), net.preprocessing()))),
                    net.preprocessing());
        }
        List<Footprint.LayerCost> layers = net.network().layers().stream().map(Footprint::of).toList();
        return new Costed(Footprint.estimate(layers, 0, net.batchSize(),
                net.network().inputs() + net.network().outputs(), 0), net.preprocessing());
    }

    /** The footprint, and the columns to list (a config's fitted on its data, a model's saved). */
    private record Costed(Footprint cost, Preprocessing preprocessing) {
    }
}
