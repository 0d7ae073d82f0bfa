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
    /** Edits (insert, delete, replace, swap) within which a word counts as a typo of a name. */
    private static final int MAX_EDITS = 2;

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

    /** The name closest to {@code word} by edit distance, when within {@link #MAX_EDITS}. */
    static Optional<String> nearest(String word, Collection<String> names) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : names) {
            int d = distance(word, name);
            if (d < bestDistance || (d == bestDistance && best != null && name.compareTo(best) < 0)) {
                best = name;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.min(MAX_EDITS, Math.max(1, word.length() / 3)) ? Optional.of(best)
                : Optional.empty();
    }

    /** Optimal-string-alignment distance: a swap of neighbours is one edit, as in most typos. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
