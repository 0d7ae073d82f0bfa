package nn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import nn.data.ColumnEncoder;
import nn.data.Preprocessing;

/** The feature columns of a model or config as summary and check show them: type, missing count, encoding. */
final class ColumnTable {
    private ColumnTable() {
    }

    /** Prints one line per column; nothing for a model from before preprocessing with many plain columns. */
    static void print(PrintWriter out, Preprocessing preprocessing) {
        int width = Math.max(6, preprocessing.columns().stream().mapToInt(c -> c.name().length()).max().orElse(0));
        String row = "  %-" + width + "s  %-11s  %7s  %s%n";
        out.printf(Locale.ROOT, "columns: %d -> %d inputs%s%n", preprocessing.columns().size(), preprocessing.width(),
                preprocessing.target().scale() != 1 ? String.format(Locale.ROOT,
                        "; target standardised (mean %.6g, std %.6g)", preprocessing.target().offset(),
                        preprocessing.target().scale()) : "");
        out.printf(Locale.ROOT, row, "column", "type", "missing", "encoding");
        for (ColumnEncoder c : preprocessing.columns()) {
            out.printf(Locale.ROOT, row, c.name(), c.kind().name().toLowerCase(Locale.ROOT), c.missingCount(), c.describe());
        }
    }

    /** The same as a JSON array under {@code columns} of {@code node}. */
    static void addTo(ObjectNode node, Preprocessing preprocessing) {
        ArrayNode columns = node.putArray("columns");
        for (ColumnEncoder c : preprocessing.columns()) {
            ObjectNode one = columns.addObject();
            one.put("name", c.name());
            one.put("type", c.kind().name().toLowerCase(Locale.ROOT));
            one.put("missing", c.missingCount());
            one.put("encoding", c.describe());
            one.put("inputs", c.width());
        }
    }
}
