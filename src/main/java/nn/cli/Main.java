package nn.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import nn.compute.DeviceUnavailableException;
import nn.config.ConfigException;
import nn.data.DataException;
import nn.io.ModelFormatException;
import nn.io.OutputFolderException;
import nn.run.RunConflictException;
import nn.train.TrainingDivergedException;
import picocli.CommandLine;

/** Entry point: maps exceptions to the exit-code table and one-line messages. */
public final class Main {
    private static final Set<String> TOP_LEVEL_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    private Main() {
    }

    public static void main(String[] args) {
        OptionalInt relaunched = Relauncher.relaunchIfNeeded(Main.class.getName(), args);
        if (relaunched.isPresent()) {
            System.exit(relaunched.getAsInt());
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /** Runs the command line with the given streams and returns the exit code; never exits the JVM. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, CommandLine.defaultFactory());
    }

    /** As {@link #run(String[], PrintStream, PrintStream)}, with commands made by {@code factory} (tests). */
    static int run(String[] args, PrintStream out, PrintStream err, CommandLine.IFactory factory) {
        // Libraries (Hibernate Validator, later Aparapi) log INFO lines through java.util.logging;
        // the CLI decides what the user sees.
        Logger.getLogger("").setLevel(Level.WARNING);
        CommandLine cli = commandLine(out, err, factory);
        if (args.length == 0) {
            cli.usage(err);
            return ExitCode.BAD_INPUT;
        }
        if (!cli.getSubcommands().containsKey(args[0])) {
            Optional<String> typo = Suggestions.unknownCommand(args[0], cli.getSubcommands().keySet());
            if (typo.isPresent()) {
                err.println(typo.get());
                return ExitCode.BAD_INPUT;
            }
        }
        return cli.execute(withDefaultCommand(cli, args));
    }

    static CommandLine commandLine(PrintStream out, PrintStream err, CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(new NnCommand(), factory);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, commandLine, parseResult, err));
        cli.setParameterExceptionHandler((e, args) -> {
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
                err.println(Suggestions.unmatched(unmatched));
                return ExitCode.BAD_INPUT;
            }
            err.println("nn: " + e.getMessage());
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCode.BAD_INPUT;
        });
        return cli;
    }

    /** Inserts {@code train} when the first argument is neither a subcommand nor a top-level option. */
    static String[] withDefaultCommand(CommandLine cli, String[] args) {
        if (cli.getSubcommands().containsKey(args[0]) || TOP_LEVEL_OPTIONS.contains(args[0])) {
            return args;
        }
        List<String> withTrain = new ArrayList<>(List.of("train"));
        withTrain.addAll(Arrays.asList(args));
        return withTrain.toArray(String[]::new);
    }

    private static int report(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult, PrintStream err) {
        boolean verbose = parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose");
        if (e instanceof ConfigException config) {
            config.problems().forEach(err::println);
            return ExitCode.BAD_INPUT;
        }
        if (e instanceof DataException || e instanceof DeviceUnavailableException || e instanceof ModelFormatException
                || e instanceof RunConflictException || e instanceof OutputFolderException) {
            err.println("nn: " + e.getMessage());
            return ExitCode.BAD_INPUT;
        }
        if (e instanceof TrainingDivergedException) {
            err.println("nn: " + e.getMessage());
            return ExitCode.DIVERGED;
        }
        err.println("nn: internal error: " + e + (verbose ? "" : " (run again with --verbose for the stack trace)"));
        err.println("This is a bug in nn; please report it with the command and config that caused it.");
        if (verbose) {
            e.printStackTrace(err);
        }
        return ExitCode.INTERNAL;
    }
}
