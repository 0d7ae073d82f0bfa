package nn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nn explain CONFIG|MODEL}: the backprop equations of this network, with shapes. */
@Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Writes out the forward and backward equations of a config's or model's network with "
                + "their shapes, as the seed derives them.",
        footer = {"", ExitCode.TABLE})
final class ExplainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG|MODEL", description = "A YAML config, models/NAME, or a model file (model.nnm, or a format-1 model.json).")
    Path source;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key, as for train.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--ascii", description = "ASCII names (Z1, delta2) even when the terminal shows Unicode.")
    boolean ascii;

    @Option(names = "--unicode", description = "Unicode symbols (Z₁, δ₂) even when the locale does not say UTF-8.")
    boolean unicode;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        NetworkSource net = NetworkSource.open(source, overrides);
        PrintWriter out = command.commandLine().getOut();
        out.println("Equations of the " + net.label());
        new Equations(!ascii && (unicode || localeShowsUtf8()))
                .explain(net.network(), net.loss(), net.optimizer())
                .forEach(out::println);
        out.flush();
        return ExitCode.OK;
    }

    /** A terminal shows UTF-8 when the locale says so; without LANG the JDK itself prints '?'. */
    private static boolean localeShowsUtf8() {
        for (String variable : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isEmpty()) {
                String lower = value.toLowerCase(Locale.ROOT);
                return lower.contains("utf-8") || lower.contains("utf8");
            }
        }
        return false;
    }
}
