package nn.config;

import java.util.Comparator;
import java.util.List;

/** One problem in a config: where it is ({@code file:line:col} or {@code --set ...}) and what. */
record ConfigProblem(String origin, String text) {

    /** {@code origin: text}, the line the user sees. */
    String line() {
        return origin + ": " + text;
    }

    /** The problems as one exception, in file order; overrides (no line numbers) come last. */
    static ConfigException sorted(List<ConfigProblem> problems) {
        List<ConfigProblem> ordered = problems.stream()
                .sorted(Comparator.comparing((ConfigProblem p) -> positionKey(p.origin())).thenComparing(ConfigProblem::text))
                .toList();
        return new ConfigException(ordered.stream().map(ConfigProblem::line).toList());
    }

    private static String positionKey(String origin) {
        String[] parts = origin.split(":");
        try {
            int line = Integer.parseInt(parts[parts.length - 2]);
            int column = Integer.parseInt(parts[parts.length - 1]);
            return String.format("%09d:%09d", line, column);
        } catch (RuntimeException e) {
            return "~" + origin;
        }
    }
}
