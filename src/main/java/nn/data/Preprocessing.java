package nn.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything fitted on the training file that turns raw rows into network inputs, plain data
 * saved with the model: which cells are missing, each feature column's encoder in input order,
 * and the regression target's scaling. Training, {@code predict}, {@code evaluate} and the Java
 * {@code Model} all encode through {@link #binder} (a file's rows) or {@link #encode(Map)}.
 */
public record Preprocessing(List<String> naValues, List<ColumnEncoder> columns, TargetScaling target) {
    public Preprocessing {
        naValues = List.copyOf(naValues);
        columns = List.copyOf(columns);
    }

    /** What a model saved before preprocessing existed does: numeric columns as they are, no missing cells. */
    public static Preprocessing numeric(List<String> featureNames) {
        return new Preprocessing(List.copyOf(TableDialect.DEFAULT_NA),
                featureNames.stream().map(ColumnEncoder::plainNumeric).toList(), TargetScaling.NONE);
    }

    /** This preprocessing with the regression target scaled by {@code scaling}. */
    public Preprocessing withTarget(TargetScaling scaling) {
        return new Preprocessing(naValues, columns, scaling);
    }

    /** The raw columns a row must have, in order. */
    public List<String> columnNames() {
        return columns.stream().map(ColumnEncoder::name).toList();
    }

    /** Network inputs the encoded row has. */
    public int width() {
        return columns.stream().mapToInt(ColumnEncoder::width).sum();
    }

    /** The name of each network input, in order. */
    public List<String> inputNames() {
        List<String> names = new ArrayList<>();
        columns.forEach(c -> names.addAll(c.inputNames()));
        return names;
    }

    /** The embedded columns, which {@link PreprocessingFit} puts last: their ids are the last inputs. */
    public List<ColumnEncoder> embedded() {
        return columns.stream().filter(ColumnEncoder::embedded).toList();
    }

    /** Which inputs are numeric values (scaled by {@code data.normalize}), as opposed to 0/1 indicators. */
    public boolean[] valueInputs() {
        boolean[] values = new boolean[width()];
        int at = 0;
        for (ColumnEncoder c : columns) {
            values[at] = c.kind() == ColumnKind.NUMERIC;
            at += c.width();
        }
        return values;
    }

    /** Whether this is exactly what a pre-preprocessing model did, so the file can say so. */
    public boolean plainNumeric() {
        return target.equals(TargetScaling.NONE) && columns.stream().allMatch(c -> c.equals(ColumnEncoder.plainNumeric(c.name())));
    }

    /**
     * Binds this preprocessing to a file's header: finds each column by name (other columns, a
     * label or an id, are ignored), or fails naming the first missing one.
     */
    public Binder binder(List<String> header, String source) {
        int[] at = new int[columns.size()];
        for (int c = 0; c < at.length; c++) {
            at[c] = header.indexOf(columns.get(c).name());
            if (at[c] < 0) {
                throw new DataException(source + ":1:1: missing feature column '" + columns.get(c).name()
                        + "' that the model was trained with; the columns are " + String.join(", ", header)
                        + (header.stream().anyMatch(Cells::parses) ? " (no header row? the first row has numbers in it)" : ""));
            }
        }
        return new Binder(at, source);
    }

    /** A table's rows encoded, flat row-major (rows × {@link #width()}); bad cells fail at file:line:col. */
    public float[] encode(RawTable table) {
        Binder binder = binder(table.columns(), table.source());
        int width = width();
        float[] x = new float[table.rows().size() * width];
        for (int r = 0; r < table.rows().size(); r++) {
            binder.encode(table.rows().get(r), table.lines()[r], x, r * width);
        }
        return x;
    }

    /**
     * One row given by column name: numbers, strings (categories, or numbers as text), booleans;
     * a null or absent value is missing. Throws IllegalArgumentException for a value that cannot
     * be encoded.
     */
    public float[] encode(Map<String, ?> row) {
        float[] out = new float[width()];
        Set<String> na = Set.copyOf(naValues);
        int at = 0;
        for (ColumnEncoder c : columns) {
            if (!row.containsKey(c.name()) && c.imputation() == Imputation.ERROR) {
                throw new IllegalArgumentException("missing feature '" + c.name() + "'; the model takes "
                        + String.join(", ", columnNames()));
            }
            Object value = row.get(c.name());
            String cell = value == null ? "" : value instanceof Number n && c.kind() == ColumnKind.NUMERIC
                    ? Double.toString(n.doubleValue()) : value.toString().trim();
            String problem = c.encode(cell, value == null || na.contains(cell), c.index(), out, at);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            at += c.width();
        }
        return out;
    }

    /** This preprocessing bound to one file's columns; encodes its rows one at a time (streaming readers too). */
    public final class Binder {
        private final int[] at;
        private final String source;
        private final List<Map<String, Integer>> indexes;
        private final Set<String> na = Set.copyOf(naValues);

        private Binder(int[] at, String source) {
            this.at = at;
            this.source = source;
            this.indexes = columns.stream().map(ColumnEncoder::index).toList();
        }

        /** Encodes {@code cells} (from line {@code line}) into {@code out[offset..offset + width)}. */
        public void encode(String[] cells, int line, float[] out, int offset) {
            int o = offset;
            for (int c = 0; c < at.length; c++) {
                ColumnEncoder column = columns.get(c);
                String cell = cells[at[c]];
                String problem = column.encode(cell, na.contains(cell), indexes.get(c), out, o);
                if (problem != null) {
                    throw new DataException(source + ":" + line + ":" + (at[c] + 1) + ": " + problem);
                }
                o += column.width();
            }
        }
    }
}
