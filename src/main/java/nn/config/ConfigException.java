package nn.config;

import java.util.List;

/**
 * A config that cannot be used. Each problem is one line,
 * {@code FILE:LINE:COL: key.path: problem; expected ...}, in file order.
 */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    /** One line per problem. */
    public List<String> problems() {
        return problems;
    }
}
