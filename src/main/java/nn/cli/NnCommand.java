package nn.cli;

import picocli.CommandLine.Command;

/** The top-level {@code nn} command; {@code nn CONFIG} is short for {@code nn train CONFIG}. */
@Command(name = "nn",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Trains feed-forward neural networks declared in YAML.",
        subcommands = {TrainCommand.class, PredictCommand.class, EvaluateCommand.class, SummaryCommand.class, ExplainCommand.class,
                CheckCommand.class, GradcheckCommand.class, DevicesCommand.class, BenchCommand.class, SelftestCommand.class, SchemaCommand.class, ServeCommand.class, ExportCommand.class,
                picocli.AutoComplete.GenerateCompletion.class},
        footer = {"", "java -jar nn.jar CONFIG is short for java -jar nn.jar train CONFIG.", "", ExitCode.TABLE})
final class NnCommand implements Runnable {
    @Override
    public void run() {
        // With no subcommand picocli lands here; Main prints usage and exits 2 before that.
    }
}
