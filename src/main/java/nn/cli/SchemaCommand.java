package nn.cli;

import java.util.concurrent.Callable;
import nn.config.ConfigSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nn schema}: the JSON Schema of config files, or the key reference as Markdown. */
@Command(name = "schema", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Prints the JSON Schema (draft 2020-12) of config files, for editors:",
                "  java -jar nn.jar schema > nn.schema.json",
                "then start a config with  # yaml-language-server: $schema=nn.schema.json"},
        footer = {"", ExitCode.TABLE})
final class SchemaCommand implements Callable<Integer> {
    @Option(names = "--markdown", description = "Print the reference table of every key instead.")
    boolean markdown;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        var schema = ConfigSchema.generate();
        command.commandLine().getOut().print(markdown ? ConfigSchema.markdownReference(schema) : schema.toPrettyString() + "\n");
        command.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
