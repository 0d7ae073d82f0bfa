package nn.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}, on every command: {@link Main} shows internal errors' stack traces when it is given. */
final class VerboseOption {
    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of internal errors.")
    boolean verbose;
}
