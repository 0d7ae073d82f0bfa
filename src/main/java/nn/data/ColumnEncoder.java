package nn.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One feature column's fitted encoding, plain data saved with the model. Numeric: the value, or
 * {@code fill} when missing, then a 0/1 missing indicator when the training column had missing
 * cells. Categorical: one-hot over {@code categories}, then a "missing" input when training saw
 * missing cells, then an "other" input that unseen and infrequent values share, so prediction
 * never fails on a new category. Embedded ({@code embedDim} &gt; 0, categorical only): one input,
 * the id 1 + the category's index, 0 for unseen, infrequent and missing values, which the
 * network's embedding layer looks up in a table of (categories + 1) rows × {@code embedDim}.
 */
public record ColumnEncoder(String name, ColumnKind kind, int missingCount, Imputation imputation, double fill,
                            boolean indicator, List<String> categories, boolean missingCategory, int embedDim) {
    /** Longest categorical cell accepted (a documented cap), so a stray 1 MB cell cannot become a category. */
    public static final int MAX_CATEGORY_CHARS = 1000;

    public ColumnEncoder {
        categories = List.copyOf(categories);
        if (kind == ColumnKind.NUMERIC && !categories.isEmpty()) {
            throw new IllegalArgumentException("numeric column '" + name + "' has categories");
        }
        if (embedDim < 0 || embedDim > 0 && kind != ColumnKind.CATEGORICAL) {
            throw new IllegalArgumentException("column '" + name + "': only a categorical column embeds, with a dim >= 1");
        }
        if (!Double.isFinite(fill)) {
            throw new IllegalArgumentException("column '" + name + "' has a non-finite fill value");
        }
    }

    /** Not embedded (one-hot when categorical). */
    public ColumnEncoder(String name, ColumnKind kind, int missingCount, Imputation imputation, double fill,
                         boolean indicator, List<String> categories, boolean missingCategory) {
        this(name, kind, missingCount, imputation, fill, indicator, categories, missingCategory, 0);
    }

    /** The default embedding width for {@code n} table rows, fastai's rule: min(600, round(1.6·n^0.56)). */
    public static int defaultEmbedDim(int n) {
        return (int) Math.min(600, Math.round(1.6 * Math.pow(n, 0.56)));
    }

    /** Whether the column becomes one id for an embedding layer. */
    public boolean embedded() {
        return embedDim > 0;
    }

    /** The embedding table's rows: the categories plus id 0 (unknown, other or missing). */
    public int vocabulary() {
        return categories.size() + 1;
    }

    /** A numeric column with no missing cells in training: its value as it is. */
    public static ColumnEncoder plainNumeric(String name) {
        return new ColumnEncoder(name, ColumnKind.NUMERIC, 0, Imputation.ERROR, 0, false, List.of(), false);
    }

    /** Inputs this column becomes. */
    public int width() {
        if (embedded()) {
            return 1;
        }
        return kind == ColumnKind.NUMERIC ? 1 + (indicator ? 1 : 0) : categories.size() + (missingCategory ? 1 : 0) + 1;
    }

    /** The names of those inputs: {@code age}, {@code age_na}, {@code color=red}, {@code color=(missing)}, {@code color=(other)}. */
    public List<String> inputNames() {
        List<String> names = new ArrayList<>();
        if (embedded()) {
            return List.of(name + "=(id)");
        }
        if (kind == ColumnKind.NUMERIC) {
            names.add(name);
            if (indicator) {
                names.add(name + "_na");
            }
            return names;
        }
        categories.forEach(c -> names.add(name + "=" + c));
        if (missingCategory) {
            names.add(name + "=(missing)");
        }
        names.add(name + "=(other)");
        return names;
    }

    /** How the column is encoded, in words, for summary and check. */
    public String describe() {
        if (kind == ColumnKind.NUMERIC) {
            String missing = missingCount == 0 ? "" : imputation == Imputation.ERROR ? ", missing: error"
                    : ", missing -> " + imputation.name().toLowerCase(java.util.Locale.ROOT) + " " + fill
                    + (indicator ? " + indicator" : "");
            return "value" + missing;
        }
        if (embedded()) {
            return "embedding " + categories.size() + " categories + unknown, dim " + embedDim;
        }
        return "one-hot " + categories.size() + " categories" + (missingCategory ? " + missing" : "") + " + other";
    }

    /** The id input: 1 + the category's index, 0 for unseen, infrequent or (imputed) missing values. */
    private String encodeId(String cell, boolean missing, Map<String, Integer> index, float[] out, int at) {
        if (missing && imputation == Imputation.ERROR) {
            return "column '" + name + "' has a missing value (missing: error)";
        }
        Integer k = missing ? null : index.get(cell);
        out[at] = k == null ? 0f : k + 1f;
        return null;
    }

    /** Index of each category in {@link #categories()}, for encoding many rows. */
    Map<String, Integer> index() {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < categories.size(); i++) {
            index.put(categories.get(i), i);
        }
        return index;
    }

    /**
     * Writes this column's inputs for one cell at {@code out[at..]}; {@code missing} says the cell
     * is missing. Returns null, or why the cell cannot be encoded (the caller adds where it is).
     */
    String encode(String cell, boolean missing, Map<String, Integer> index, float[] out, int at) {
        if (kind == ColumnKind.NUMERIC) {
            if (missing) {
                if (imputation == Imputation.ERROR) {
                    return "column '" + name + "' has a missing value (missing: error)";
                }
                out[at] = (float) fill;
            } else {
                float value;
                try {
                    value = Float.parseFloat(cell);
                } catch (NumberFormatException e) {
                    return "feature column '" + name + "': '" + Cells.shorten(cell) + "' is not a number (the column is numeric)";
                }
                if (!Float.isFinite(value)) {
                    return "feature column '" + name + "': '" + Cells.shorten(cell) + "' is not a finite number";
                }
                out[at] = value;
            }
            if (indicator) {
                out[at + 1] = missing ? 1f : 0f;
            }
            return null;
        }
        if (embedded()) {
            return encodeId(cell, missing, index, out, at);
        }
        java.util.Arrays.fill(out, at, at + width(), 0f);
        if (missing) {
            if (imputation == Imputation.ERROR) {
                return "column '" + name + "' has a missing value (missing: error)";
            }
            // Without a "(missing)" input (training saw no missing cell) a missing cell is "(other)", the last input.
            out[at + (missingCategory ? categories.size() : width() - 1)] = 1f;
            return null;
        }
        Integer k = index.get(cell);
        out[at + (k != null ? k : width() - 1)] = 1f;
        return null;
    }
}
