package nn.data;

import java.util.List;
import java.util.Set;

/**
 * How a CSV file is written: the cell separator, whether the first row names the columns (else
 * {@code names} does), and which cells mean "missing".
 */
public record TableDialect(char delimiter, boolean header, List<String> names, Set<String> naValues) {
    /** Cells that mean "missing" unless a config says otherwise, as pandas and R read them. */
    public static final Set<String> DEFAULT_NA = Set.of("", "NA", "NaN", "null", "?");
    /** Comma-separated, header row first, {@link #DEFAULT_NA}. */
    public static final TableDialect DEFAULT = new TableDialect(',', true, null, DEFAULT_NA);

    public TableDialect {
        names = names == null ? null : List.copyOf(names);
        naValues = Set.copyOf(naValues);
        if (!header && names == null) {
            throw new IllegalArgumentException("a file without a header row needs column names");
        }
    }

    /** Whether {@code cell} (trimmed, as read) is missing. */
    public boolean isMissing(String cell) {
        return naValues.contains(cell);
    }
}
