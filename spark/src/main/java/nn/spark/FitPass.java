package nn.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import nn.data.ColumnEncoder;
import org.apache.spark.api.java.function.Function2;

/**
 * A distributed pass over the training CSV's lines that tallies each feature column
 * ({@link ColumnTally}) and the label, one {@link Result} per partition. The first pass counts
 * types, missing cells and numbers; the second ({@code vocabulary} true for the categorical
 * columns only) counts their distinct values, so a numeric column never holds a value map.
 *
 * @param header     the header line to skip, or null
 * @param delimiter  the cell separator
 * @param naValues   cells that mean "missing"
 * @param features   feature column indices in the file
 * @param label      the label column index
 * @param vocabulary per feature, whether this pass counts its values (null: the first pass)
 */
record FitPass(String header, char delimiter, ArrayList<String> naValues, int[] features, int label, boolean[] vocabulary)
        implements Function2<Integer, Iterator<String>, Iterator<FitPass.Result>> {
    private static final long serialVersionUID = 1L;
    /** More distinct labels than this means a regression target, not classes. */
    static final int MAX_CLASSES = 1000;

    /** The key that orders a row as the file does: its partition, then its line within the partition. */
    static long key(int partition, long line) {
        return ((long) partition << 40) | line;
    }

    @Override
    public Iterator<Result> call(Integer partition, Iterator<String> lines) {
        CsvCells cells = new CsvCells(delimiter);
        Set<String> na = new HashSet<>(naValues);
        List<ColumnTally> tallies = new ArrayList<>();
        for (int i = 0; i < features.length; i++) {
            tallies.add(new ColumnTally(vocabulary != null && vocabulary[i]));
        }
        Result r = new Result(partition, tallies);
        long line = 0;
        while (lines.hasNext()) {
            String text = lines.next();
            long key = key(partition, line++);
            if (text.isBlank() || text.equals(header)) {
                continue;
            }
            String[] row = cells.split(text, "");
            if (row.length <= Math.max(label, max(features))) {
                r.shortRow = Math.min(r.shortRow, key);
                continue;
            }
            r.rows++;
            for (int i = 0; i < features.length; i++) {
                if (vocabulary == null || vocabulary[i]) {
                    String cell = row[features[i]];
                    tallies.get(i).add(cell, na.contains(cell), key, ColumnEncoder.MAX_CATEGORY_CHARS);
                }
            }
            if (vocabulary == null) {
                r.addLabel(row[label], na.contains(row[label]), key);
            }
        }
        r.lines = line;
        return List.of(r).iterator();
    }

    private static int max(int[] values) {
        int m = -1;
        for (int v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** One partition's tallies, its line and row counts, and its label values (counts, or a target's mean and M2). */
    static final class Result implements Serializable {
        private static final long serialVersionUID = 1L;
        final int partition;
        final List<ColumnTally> columns;
        long lines;
        long rows;
        long shortRow = Long.MAX_VALUE;
        long missingLabel = Long.MAX_VALUE;
        TreeMap<String, Long> labels = new TreeMap<>();
        boolean tooManyLabels;
        long targets;
        double targetMean;
        double targetM2;

        Result(int partition, List<ColumnTally> columns) {
            this.partition = partition;
            this.columns = columns;
        }

        void addLabel(String cell, boolean missing, long key) {
            if (missing) {
                missingLabel = Math.min(missingLabel, key);
                return;
            }
            if (!tooManyLabels) {
                labels.merge(cell, 1L, Long::sum);
                if (labels.size() > MAX_CLASSES) {
                    tooManyLabels = true;
                    labels.clear();
                }
            }
            try {
                double v = Float.parseFloat(cell);
                targets++;
                double delta = v - targetMean;
                targetMean += delta / targets;
                targetM2 += delta * (v - targetMean);
            } catch (NumberFormatException e) {
                // a class name: no target statistics
            }
        }

        /** Adds {@code o} (the next partition). */
        Result merge(Result o) {
            for (int i = 0; i < columns.size(); i++) {
                columns.get(i).merge(o.columns.get(i));
            }
            lines += o.lines;
            rows += o.rows;
            shortRow = Math.min(shortRow, o.shortRow);
            missingLabel = Math.min(missingLabel, o.missingLabel);
            tooManyLabels |= o.tooManyLabels;
            if (tooManyLabels) {
                labels.clear();
            } else {
                o.labels.forEach((k, v) -> labels.merge(k, v, Long::sum));
                tooManyLabels = labels.size() > MAX_CLASSES;
            }
            if (o.targets > 0) {
                long total = targets + o.targets;
                double delta = o.targetMean - targetMean;
                targetMean += delta * o.targets / total;
                targetM2 += o.targetM2 + delta * delta * ((double) targets * o.targets / total);
                targets = total;
            }
            return this;
        }
    }
}
