package nn.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import nn.compute.Backend;
import nn.compute.Devices;
import nn.config.LoadedConfig;
import nn.run.Experiment;
import nn.network.GradientCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nn gradcheck CONFIG}: backprop against finite differences on the configured network. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Checks the configured network's backprop gradients against central finite differences "
                + "(double precision) on a few training samples; prints the worst relative error per parameter "
                + "tensor and exits 4 when one is above the tolerance. Entries whose step crosses a ReLU kink (z = 0) "
                + "are skipped and counted.",
        footer = {"", ExitCode.TABLE})
final class GradcheckCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "8", description = "Training rows to use (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--tolerance", paramLabel = "T", defaultValue = "1e-3",
            description = "Largest acceptable relative error (default: ${DEFAULT-VALUE}; float32 gradients usually reach 1e-5).")
    double tolerance;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        ConfigOptions.PreparedRun run = configOptions.prepare();
        LoadedConfig loaded = run.loaded();
        Experiment experiment = run.experiment();
        if (samples < 1) {
            throw new picocli.CommandLine.ParameterException(command.commandLine(), "--samples must be at least 1, got " + samples);
        }
        var data = experiment.train();
        int rows = Math.min(samples, data.rows());
        float[] x = Arrays.copyOf(data.x(), rows * data.features());
        float[] y = Arrays.copyOf(data.y(), rows * data.targets());
        PrintWriter out = command.commandLine().getOut();
        boolean failed = false;
        int kinks = 0;
        try (Backend backend = Devices.host(1)) {
            out.printf(Locale.ROOT, "gradient check of %s on %d training rows, tolerance %.1e%n", configOptions.config, rows, tolerance);
            for (GradientCheck.TensorResult r : GradientCheck.run(backend, experiment.network(),
                    experiment.options().loss(), x, y, rows)) {
                boolean ok = r.worstRelativeError() <= tolerance;
                failed |= !ok;
                kinks += r.kinkEntries();
                if (r.kinkEntries() == r.rows() * r.cols()) {
                    out.printf(Locale.ROOT, "  %-4s %4dx%-4d all entries skipped (their step crosses a ReLU kink)%n",
                            r.name(), r.rows(), r.cols());
                    continue;
                }
                out.printf(Locale.ROOT, "  %-4s %4dx%-4d worst relative error %.2e (analytic %.6g, numeric %.6g)  %s%s%n",
                        r.name(), r.rows(), r.cols(), r.worstRelativeError(), r.analytic(), r.numeric(), ok ? "ok" : "FAILED",
                        r.kinkEntries() == 0 ? "" : "; " + r.kinkEntries() + " of " + r.rows() * r.cols()
                                + " entries skipped (their step crosses a ReLU kink)");
            }
        }
        if (kinks > 0) {
            // A difference quotient across z = 0 averages ReLU's two slopes; no backprop gives that value.
            out.println("skipped " + kinks + " entries whose finite-difference step crosses a ReLU/leaky-ReLU kink (z = 0)");
        }
        out.println(failed ? "gradient check FAILED" : "gradient check passed");
        out.flush();
        return failed ? ExitCode.CHECK_FAILED : ExitCode.OK;
    }
}
