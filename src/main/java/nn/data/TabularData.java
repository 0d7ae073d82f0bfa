package nn.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Labelled data sets from a CSV table through a fitted {@link Preprocessing}: features encoded,
 * labels as class indices or one-hot rows, regression targets scaled by the preprocessing's
 * {@link TargetScaling}. A missing label is an error at its line.
 */
public final class TabularData {
    private TabularData() {
    }

    /** A table as {@link Samples} encoded by {@code preprocessing}; feature names are its input names. */
    public static Samples samples(RawTable table, String label, Preprocessing preprocessing) {
        return new Samples() {
            @Override
            public List<String> featureNames() {
                return preprocessing.inputNames();
            }

            @Override
            public List<String> classNames() {
                return TabularData.classNames(table, label, Set.copyOf(preprocessing.naValues()));
            }

            @Override
            public Dataset build(List<String> featureNames, List<String> classNames, boolean oneHot) {
                return TabularData.build(table, label, preprocessing, classNames, oneHot);
            }
        };
    }

    /** The distinct labels, sorted numerically when all are numbers; a missing label fails at its line. */
    public static List<String> classNames(RawTable table, String label, Set<String> naValues) {
        int column = Datasets.labelColumn(table, label);
        TreeSet<String> distinct = new TreeSet<>();
        for (int r = 0; r < table.rows().size(); r++) {
            String cell = table.rows().get(r)[column];
            requireLabel(table, r, column, cell, naValues);
            distinct.add(cell);
        }
        List<String> names = new ArrayList<>(distinct);
        if (names.stream().allMatch(Cells::isNumber)) {
            names.sort(Comparator.comparingDouble(Double::parseDouble));
        }
        return names;
    }

    /**
     * Builds a data set: features through {@code preprocessing}; {@code classNames} empty means
     * regression (targets scaled by its target scaling), else labels must be among them.
     */
    public static Dataset build(RawTable table, String label, Preprocessing preprocessing, List<String> classNames,
                                boolean oneHot) {
        int labelColumn = Datasets.labelColumn(table, label);
        Set<String> na = Set.copyOf(preprocessing.naValues());
        int rows = table.rows().size();
        boolean classification = !classNames.isEmpty();
        int targets = classification && oneHot ? classNames.size() : 1;
        float[] y = new float[rows * targets];
        for (int r = 0; r < rows; r++) {
            String cell = table.rows().get(r)[labelColumn];
            requireLabel(table, r, labelColumn, cell, na);
            if (classification) {
                int cls = classNames.indexOf(cell);
                if (cls < 0) {
                    throw new DataException(table.at(r, labelColumn) + ": label '" + Cells.shorten(cell)
                            + "' was not seen in the training data; the classes are " + String.join(", ", classNames));
                }
                if (oneHot) {
                    y[r * targets + cls] = 1f;
                } else {
                    y[r] = cls;
                }
            } else {
                y[r] = preprocessing.target().apply(target(table, r, labelColumn, cell));
            }
        }
        float[] x = preprocessing.encode(table);
        return new Dataset(preprocessing.inputNames(), classNames, rows, preprocessing.width(), targets, x, y);
    }

    /** The raw regression targets of {@code table}, for fitting a {@link TargetScaling}. */
    public static float[] targets(RawTable table, String label, Set<String> naValues) {
        int column = Datasets.labelColumn(table, label);
        float[] y = new float[table.rows().size()];
        for (int r = 0; r < y.length; r++) {
            String cell = table.rows().get(r)[column];
            requireLabel(table, r, column, cell, naValues);
            y[r] = target(table, r, column, cell);
        }
        return y;
    }

    private static void requireLabel(RawTable table, int row, int column, String cell, Set<String> naValues) {
        if (naValues.contains(cell)) {
            throw new DataException(table.at(row, column) + ": the label (column '" + table.columns().get(column)
                    + "') is missing" + (cell.isEmpty() ? "" : " ('" + cell + "' is a missing value)")
                    + "; every training and test row needs one");
        }
    }

    private static float target(RawTable table, int row, int column, String cell) {
        try {
            float value = Float.parseFloat(cell);
            if (Float.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DataException(table.at(row, column) + ": label column '" + table.columns().get(column) + "': '"
                + Cells.shorten(cell) + "' is not a finite number (regression needs numeric labels)");
    }
}
