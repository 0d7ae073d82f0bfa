package nn.spark;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import nn.data.CategoricalEncoding;
import nn.data.ColumnEncoder;
import nn.data.ColumnKind;
import nn.data.ColumnRules;
import nn.data.DataException;
import nn.data.Imputation;

/**
 * The driver's half of the distributed preprocessing fit: from the partitions' merged
 * {@link ColumnTally}s, the same decisions as {@link nn.data.PreprocessingFit} makes over a table
 * in memory (type inference, {@code missing: error}, imputation, the categories kept under
 * {@code min_frequency} and {@code max_categories} in the same order, the missing indicator and
 * the {@code (missing)}/{@code (other)} inputs, embedded columns last). ExecutorDataTest checks the
 * two fits agree on a tabular file; messages point at file:line:col as nn train's do.
 */
final class TabularFit {
    private final String source;
    private final long[] linesBefore;

    /** {@code partitionLines}: each partition's line count, to turn a row key into a line number. */
    TabularFit(String source, long[] partitionLines) {
        this.source = source;
        this.linesBefore = new long[partitionLines.length + 1];
        for (int p = 0; p < partitionLines.length; p++) {
            linesBefore[p + 1] = linesBefore[p] + partitionLines[p];
        }
    }

    /** {@code file:line:col} of the row with order key {@code key}, column index {@code column}. */
    String at(long key, int column) {
        int partition = (int) (key >>> 40);
        long line = key & ((1L << 40) - 1);
        return source + ":" + (linesBefore[partition] + line + 1) + ":" + (column + 1);
    }

    /** Each feature's kind as declared or inferred from the first pass (categorical columns need the vocabulary pass). */
    ColumnKind kind(String name, int column, ColumnTally t, ColumnRules.Declared declared) {
        if (declared.kind() != null) {
            return declared.kind();
        }
        if (t.texts > 0 && t.numbers > t.texts) {
            String cell = shorten(t.firstTextCell);
            throw new DataException(at(t.firstText, column) + ": column '" + name + "' holds " + t.numbers
                    + " numbers and " + t.texts + " other values such as '" + cell + "', so its type cannot be "
                    + "inferred; declare it (data.features: {" + name + ": categorical}) or list '" + cell
                    + "' in na_values");
        }
        return t.texts > 0 ? ColumnKind.CATEGORICAL : ColumnKind.NUMERIC;
    }

    /** The column's encoder; {@code t} has the vocabulary pass's counts when {@code kind} is categorical. */
    ColumnEncoder encoder(String name, int column, ColumnKind kind, ColumnTally t, ColumnTally values,
                          ColumnRules.Declared declared, ColumnRules rules) {
        Imputation imputation = declared.missing() != null ? declared.missing() : rules.missing();
        int missing = (int) Math.min(Integer.MAX_VALUE, t.missing);
        if (imputation == Imputation.ERROR && missing > 0) {
            throw new DataException(at(t.firstMissing, column) + ": column '" + name + "' has a missing value and "
                    + "missing is 'error'; fill it in, or let it be imputed (missing: median)");
        }
        if (kind == ColumnKind.NUMERIC) {
            if (t.texts > 0) {
                throw new DataException(at(t.firstText, column) + ": column '" + name + "' is declared numeric but '"
                        + shorten(t.firstTextCell) + "' is not a number");
            }
            double fill = switch (imputation) {
                case CONSTANT -> declared.fill() == null ? 0 : declared.fill();
                case MEAN -> t.mean();
                default -> t.median();
            };
            return new ColumnEncoder(name, kind, missing, imputation, fill, missing > 0, List.of(), false);
        }
        List<String> byFrequency = categories(name, column, values, declared, rules);
        return CategoricalEncoding.encoder(name, missing, imputation, byFrequency, declared, rules);
    }

    private List<String> categories(String name, int column, ColumnTally t, ColumnRules.Declared declared,
                                    ColumnRules rules) {
        if (t.longCell != Long.MAX_VALUE) {
            throw new DataException(at(t.longCell, column) + ": column '" + name + "': a " + t.longCellLength
                    + "-character category; categories are capped at " + ColumnEncoder.MAX_CATEGORY_CHARS
                    + " characters (is the quoting broken?)");
        }
        if (t.tooManyDistinct) {
            throw new DataException(source + ":1:" + (column + 1) + ": column '" + name + "' has more than "
                    + ColumnTally.MAX_DISTINCT + " distinct values, more than read: executors counts; declare it "
                    + "numeric, drop it (data.train.columns), or use read: driver");
        }
        // As nn.data.PreprocessingFit: most frequent first, ties by first appearance.
        List<String> kept = t.counts.entrySet().stream().filter(e -> e.getValue()[0] >= rules.minFrequency())
                .sorted(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
                        .thenComparingLong(e -> e.getValue()[1]))
                .map(Map.Entry::getKey).toList();
        CategoricalEncoding.checkOneHotCap(source + ":1:" + (column + 1), name, t.counts.size(), kept.size(), declared);
        return kept;
    }

    private static String shorten(String cell) {
        return cell == null || cell.length() <= 40 ? cell : cell.substring(0, 40) + "... (" + cell.length() + " characters)";
    }
}
