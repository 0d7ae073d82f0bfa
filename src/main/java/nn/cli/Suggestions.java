package nn.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * "Did you mean" for the command line, one line each: a typo'd subcommand (which would otherwise
 * be taken for a config file of the default {@code train}) and a typo'd option.
 */
final class Suggestions {
    private Suggestions() {
    }

    /**
     * The one-line complaint for a first argument that is no subcommand, no file and no option but
     * within a typo of a subcommand's name; empty when it may well be a config file.
     */
    static Optional<String> unknownCommand(String first, Collection<String> commands) {
        if (first.startsWith("-") || first.contains(".") || first.contains("/") || Files.exists(Path.of(first))) {
            return Optional.empty();
        }
        return nearest(first, commands).map(name -> "nn: unknown command '" + first + "'; did you mean '" + name
                + "'? ('nn --help' lists the commands)");
    }

    /** The one line for an unknown option or surplus argument, with picocli's nearest match when it has one. */
    static String unmatched(UnmatchedArgumentException e) {
        CommandLine cli = e.getCommandLine();
        String qualified = cli.getCommandSpec().qualifiedName();
        List<String> unmatched = e.getUnmatched();
        String word = unmatched.isEmpty() ? "" : unmatched.get(0);
        Optional<String> suggestion = word.startsWith("-")
                ? nearest(word.contains("=") ? word.substring(0, word.indexOf('=')) : word,
                        cli.getCommandSpec().optionsMap().keySet())
                : Optional.empty();
        String what = word.startsWith("-") ? "unknown option '" + word + "'" : "unexpected argument '" + word + "'";
        return "nn: " + what + " for '" + qualified + "'"
                + suggestion.map(s -> "; did you mean '" + s + "'?").orElse("")
                + " ('" + qualified + " --help' lists its options)";
    }

    /** The name closest to {@code word}, by the same edit distance as the config's did-you-mean. */
    static Optional<String> nearest(String word, Collection<String> names) {
        return nn.spec.Suggestions.closest(word, names);
    }
}
