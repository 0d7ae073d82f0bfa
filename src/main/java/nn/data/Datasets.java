package nn.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** Turns a {@link RawTable} into a {@link Dataset}: picks the label, parses numbers, encodes classes. */
public final class Datasets {
    private Datasets() {
    }

    /** Index of the label column: by name, or the last column when {@code label} is null. */
    public static int labelColumn(RawTable table, String label) {
        if (label == null) {
            return table.columns().size() - 1;
        }
        int index = table.columns().indexOf(label);
        if (index < 0) {
            throw new DataException(table.source() + ":1:1: no column named '" + label + "'; the columns are "
                    + String.join(", ", table.columns()));
        }
        return index;
    }

    /**
     * The distinct labels, sorted: numerically when every label is a number (so 2 comes before
     * 10), else as text.
     */
    public static List<String> classNames(RawTable table, String label) {
        int column = labelColumn(table, label);
        TreeSet<String> distinct = new TreeSet<>();
        for (String[] row : table.rows()) {
            distinct.add(row[column]);
        }
        List<String> names = new ArrayList<>(distinct);
        if (names.stream().allMatch(Datasets::isNumber)) {
            names.sort(Comparator.comparingDouble(Double::parseDouble));
        }
        return names;
    }

    /** Feature columns: every column but the label, in file order. */
    public static List<String> featureNames(RawTable table, String label) {
        int column = labelColumn(table, label);
        List<String> names = new ArrayList<>(table.columns());
        names.remove(column);
        return names;
    }

    /**
     * Builds a data set. {@code featureNames} selects and orders the feature columns by name;
     * {@code classNames} empty means regression, else labels must be among them and become an
     * index ({@code oneHot} false) or a one-hot row.
     */
    public static Dataset build(RawTable table, String label, List<String> featureNames, List<String> classNames,
                                boolean oneHot) {
        int labelColumn = labelColumn(table, label);
        int[] featureColumns = new int[featureNames.size()];
        for (int f = 0; f < featureColumns.length; f++) {
            featureColumns[f] = table.columns().indexOf(featureNames.get(f));
            if (featureColumns[f] < 0) {
                throw new DataException(table.source() + ":1:1: missing feature column '" + featureNames.get(f)
                        + "' that the model was trained with; the columns are " + String.join(", ", table.columns()));
            }
        }
        int rows = table.rows().size();
        int features = featureColumns.length;
        boolean classification = !classNames.isEmpty();
        int targets = classification && oneHot ? classNames.size() : 1;
        float[] x = new float[rows * features];
        float[] y = new float[rows * targets];
        for (int r = 0; r < rows; r++) {
            String[] row = table.rows().get(r);
            for (int f = 0; f < features; f++) {
                x[r * features + f] = number(table, r, featureColumns[f], row[featureColumns[f]], "feature");
            }
            if (classification) {
                int cls = classNames.indexOf(row[labelColumn]);
                if (cls < 0) {
                    throw new DataException(table.at(r, labelColumn) + ": label '" + row[labelColumn]
                            + "' was not seen in the training data; the classes are " + String.join(", ", classNames));
                }
                if (oneHot) {
                    y[r * targets + cls] = 1f;
                } else {
                    y[r] = cls;
                }
            } else {
                y[r] = number(table, r, labelColumn, row[labelColumn], "label");
            }
        }
        return new Dataset(featureNames, classNames, rows, features, targets, x, y);
    }

    /**
     * The named feature columns of every row, flat row-major, for prediction; other columns (a
     * label, an id) are ignored.
     */
    public static float[] features(RawTable table, List<String> featureNames) {
        int[] columns = new int[featureNames.size()];
        for (int f = 0; f < columns.length; f++) {
            columns[f] = table.columns().indexOf(featureNames.get(f));
            if (columns[f] < 0) {
                throw new DataException(table.source() + ":1:1: missing feature column '" + featureNames.get(f)
                        + "' that the model was trained with; the columns are " + String.join(", ", table.columns()));
            }
        }
        float[] x = new float[table.rows().size() * columns.length];
        for (int r = 0; r < table.rows().size(); r++) {
            String[] row = table.rows().get(r);
            for (int f = 0; f < columns.length; f++) {
                x[r * columns.length + f] = number(table, r, columns[f], row[columns[f]], "feature");
            }
        }
        return x;
    }

    private static float number(RawTable table, int row, int column, String cell, String role) {
        try {
            float value = Float.parseFloat(cell);
            if (Float.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            throw new DataException(table.at(row, column) + ": " + role + " column '" + table.columns().get(column)
                    + "': '" + cell + "' is not a number" + (role.equals("feature")
                    ? "; only numeric feature columns are supported" : ""));
        }
        throw new DataException(table.at(row, column) + ": " + role + " column '" + table.columns().get(column)
                + "': '" + cell + "' is not a finite number");
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
