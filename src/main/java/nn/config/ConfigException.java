package nn.config;

import java.util.List;

/**
 * A config that cannot be used. Each problem is one line,
 * {@code FILE:LINE:COL: key.path: problem; expected ...}, in file order. Control characters that
 * reach a problem from the file (a quoted key, SnakeYAML's "unexpected character found \n(10)")
 * are escaped, so that one problem is always one line.
 */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        this.problems = problems.stream().map(ConfigException::printable).toList();
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    /** One line per problem. */
    public List<String> problems() {
        return problems;
    }

    @Override
    public String getMessage() {
        return String.join(System.lineSeparator(), problems);
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
