package nn.data;

import java.util.List;

/**
 * A table as read, before any parsing of numbers: column names, cells, and for each row the line
 * it came from, so errors can point at {@code source:line:column}.
 */
public record RawTable(String source, List<String> columns, List<String[]> rows, int[] lines) {
    public RawTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        if (lines.length != rows.size()) {
            throw new IllegalArgumentException("one line number per row expected");
        }
    }

    /** {@code source:line:column} of a cell, 1-based. */
    String at(int row, int column) {
        return source + ":" + lines[row] + ":" + (column + 1);
    }
}
