package nn.spark;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import nn.data.DataException;
import nn.data.Preprocessing;

/**
 * An {@link ExecutorTable} ready to parse lines on an executor: cells through the preprocessing's
 * binder (as {@code nn train} encodes them), then the normaliser; the label as a class index,
 * one-hot row or standardised target. Not serialisable: each task builds its own.
 */
final class RowParser {
    private final ExecutorTable table;
    private final CsvCells cells;
    private final Preprocessing.Binder binder;
    private final int labelColumn;
    private final Map<String, Integer> classes = new HashMap<>();
    private final Set<String> na;
    private final int width;

    RowParser(ExecutorTable table) {
        this.table = table;
        this.cells = new CsvCells(table.delimiter());
        Preprocessing preprocessing = table.preprocessing();
        this.binder = preprocessing.binder(table.columns(), table.path());
        this.labelColumn = table.columns().indexOf(table.label());
        if (labelColumn < 0) {
            throw new DataException(table.path() + ":1:1: no label column '" + table.label() + "'; the columns are "
                    + String.join(", ", table.columns()));
        }
        for (int c = 0; c < table.classNames().size(); c++) {
            classes.put(table.classNames().get(c), c);
        }
        this.na = new HashSet<>(table.naValues());
        this.width = preprocessing.width();
    }

    /** Whether {@code line} holds no row: blank, or the header line. */
    boolean skips(String line) {
        return line.isBlank() || line.equals(table.header());
    }

    /**
     * Parses {@code line} (line {@code number} of its split, for messages) into {@code x} (normalised)
     * and {@code y} at row {@code r}.
     */
    void parse(String line, long number, float[] x, float[] y, int r) {
        String[] row = cells.split(line, table.path());
        String where = table.path() + " (split line " + number + ")";
        if (row.length != table.columns().size()) {
            throw new DataException(where + ": " + row.length + " cells; expected " + table.columns().size()
                    + " like the header");
        }
        binder.encode(row, (int) Math.min(Integer.MAX_VALUE, number), x, r * width);
        float[] offset = table.offset();
        float[] scale = table.scale();
        for (int i = 0; i < width; i++) {
            x[r * width + i] = (x[r * width + i] - offset[i]) * scale[i];
        }
        String value = row[labelColumn];
        if (na.contains(value)) {
            throw new DataException(where + ": the label (column '" + table.label() + "') is missing; every training "
                    + "and test row needs one");
        }
        if (table.classNames().isEmpty()) {
            float v = parseTarget(value, where);
            y[r] = (float) ((v - table.target()[0]) / table.target()[1]);
            return;
        }
        Integer c = classes.get(value);
        if (c == null) {
            throw new DataException(where + ": label '" + value + "' was not seen in the training data; the classes are "
                    + String.join(", ", table.classNames()));
        }
        int k = table.targets();
        if (table.oneHot()) {
            for (int j = 0; j < k; j++) {
                y[r * k + j] = j == c ? 1f : 0f;
            }
        } else {
            y[r] = c;
        }
    }

    private float parseTarget(String value, String where) {
        try {
            float v = Float.parseFloat(value);
            if (Float.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DataException(where + ": label column '" + table.label() + "': '" + value
                + "' is not a finite number (regression needs numeric labels)");
    }
}
