package nn.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.catalyst.util.QuantileSummaries;

/**
 * One feature column's counts over some rows, mergeable across partitions: what
 * {@link nn.data.PreprocessingFit} needs to choose the column's type, imputation and categories
 * without holding the column. Rows are identified by a key that orders them as the file does
 * (partition, then line within it), so "first" means the same as in a single-machine pass.
 *
 * <p>The median comes from a Greenwald–Khanna summary (Spark's own {@link QuantileSummaries}):
 * the value returned has a rank within {@link #RELATIVE_ERROR} × n of the exact median's, and is
 * exact while a column has at most 1 / (2 × {@link #RELATIVE_ERROR}) values. The mean is the sum in
 * double divided by the count: equal to the single-machine mean up to double rounding.
 */
final class ColumnTally implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The summary's rank error, as a fraction of the column's values (0.1%). */
    static final double RELATIVE_ERROR = 0.001;
    /** Distinct values kept per column; a column with more is not categorical (ids, free text). */
    static final int MAX_DISTINCT = 200_000;

    long missing;
    long numbers;
    long texts;
    long firstText = Long.MAX_VALUE;
    String firstTextCell;
    long firstMissing = Long.MAX_VALUE;
    long longCell = Long.MAX_VALUE;
    int longCellLength;
    double sum;
    long finite;
    boolean tooManyDistinct;
    /** Value → {count, key of its first row} (vocabulary pass only). */
    final Map<String, long[]> counts = new HashMap<>();
    private QuantileSummaries sketch = new QuantileSummaries(QuantileSummaries.defaultCompressThreshold(),
            RELATIVE_ERROR, new QuantileSummaries.Stats[0], 0L, false);

    /** Whether this tally counts distinct values (the vocabulary pass) rather than types and numbers. */
    final boolean vocabulary;

    ColumnTally(boolean vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** Counts one cell of the row with order key {@code key}. */
    void add(String cell, boolean isMissing, long key, int maxCategoryChars) {
        if (isMissing) {
            missing++;
            firstMissing = Math.min(firstMissing, key);
        } else if (vocabulary) {
            countValue(cell, key, maxCategoryChars);
        } else {
            Double value = parse(cell);
            if (value != null) {
                numbers++;
                if (Double.isFinite(value)) {
                    sum += value;
                    finite++;
                    sketch = sketch.insert(value);
                }
            } else {
                texts++;
                if (key < firstText) {
                    firstText = key;
                    firstTextCell = cell;
                }
            }
        }
    }

    private void countValue(String cell, long key, int maxCategoryChars) {
        if (cell.length() > maxCategoryChars) {
            if (key < longCell) {
                longCell = key;
                longCellLength = cell.length();
            }
            return;
        }
        if (!tooManyDistinct) {
            long[] c = counts.computeIfAbsent(cell, k -> new long[] {0, key});
            c[0]++;
            if (counts.size() > MAX_DISTINCT) {
                tooManyDistinct = true;
                counts.clear();
            }
        }
    }

    /** The cell as a double, null when it is not a number (as {@code Double.parseDouble} reads it). */
    private static Double parse(String cell) {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Adds {@code o}'s rows (merge in partition order). */
    ColumnTally merge(ColumnTally o) {
        missing += o.missing;
        numbers += o.numbers;
        texts += o.texts;
        if (o.firstText < firstText) {
            firstText = o.firstText;
            firstTextCell = o.firstTextCell;
        }
        firstMissing = Math.min(firstMissing, o.firstMissing);
        if (o.longCell < longCell) {
            longCell = o.longCell;
            longCellLength = o.longCellLength;
        }
        sum += o.sum;
        finite += o.finite;
        tooManyDistinct |= o.tooManyDistinct;
        if (tooManyDistinct) {
            counts.clear();
        } else {
            o.counts.forEach((value, c) -> counts.merge(value, c.clone(), (a, b) -> new long[] {a[0] + b[0], Math.min(a[1], b[1])}));
            if (counts.size() > MAX_DISTINCT) {
                tooManyDistinct = true;
                counts.clear();
            }
        }
        sketch = sketch.compress().merge(o.sketch.compress());
        return this;
    }

    /** The mean of the finite numbers, 0 for none (as the single-machine fit). */
    double mean() {
        return finite == 0 ? 0 : sum / finite;
    }

    /**
     * The median of the finite numbers, 0 for none: the middle value, or the mean of the two
     * middle ones, each looked up in the summary by its rank.
     */
    double median() {
        if (finite == 0) {
            return 0;
        }
        QuantileSummaries s = sketch.compress();
        long mid = finite / 2;
        return finite % 2 == 1 ? valueAtRank(s, mid + 1) : (valueAtRank(s, mid) + valueAtRank(s, mid + 1)) / 2;
    }

    /** The value of 1-based rank {@code rank}: a quantile just under rank / n, which the summary rounds up to that rank. */
    private double valueAtRank(QuantileSummaries s, long rank) {
        double q = (rank - 0.5) / finite;
        return (Double) s.query(q).get();
    }
}
