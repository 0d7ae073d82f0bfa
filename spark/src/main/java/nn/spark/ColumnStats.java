package nn.spark;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.api.java.function.Function2;

/**
 * One partition's summary of its feature columns (count, mean, M2, min, max, per Welford) and its
 * distinct labels: the distributed pass that fits the normaliser without gathering the rows.
 * {@link #merge} combines two (Chan et al.); the driver merges in partition order.
 */
public record ColumnStats(long count, double[] mean, double[] m2, double[] min, double[] max, TreeSet<String> labels)
        implements Serializable {
    private static final long serialVersionUID = 1L;
    /** More distinct labels than this in one partition means a regression target, not classes. */
    static final int MAX_CLASSES = 1000;

    static ColumnStats empty(int features) {
        double[] min = new double[features];
        double[] max = new double[features];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        return new ColumnStats(0, new double[features], new double[features], min, max, new TreeSet<>());
    }

    /** This summary with the other's rows added. */
    ColumnStats merge(ColumnStats o) {
        if (o.count == 0) {
            return this;
        }
        if (count == 0) {
            return o;
        }
        int n = mean.length;
        long total = count + o.count;
        double[] m = new double[n];
        double[] s = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int i = 0; i < n; i++) {
            double delta = o.mean[i] - mean[i];
            m[i] = mean[i] + delta * o.count / total;
            s[i] = m2[i] + o.m2[i] + delta * delta * ((double) count * o.count / total);
            lo[i] = Math.min(min[i], o.min[i]);
            hi[i] = Math.max(max[i], o.max[i]);
        }
        TreeSet<String> l = new TreeSet<>(labels);
        l.addAll(o.labels);
        return new ColumnStats(total, m, s, lo, hi, l);
    }

    /** The task of the pass: one {@link ColumnStats} per partition. */
    record Pass(String header, int[] features, int label) implements Function2<Integer, Iterator<String>,
            Iterator<IndexedStats>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<IndexedStats> call(Integer partition, Iterator<String> lines) {
            int n = features.length;
            long count = 0;
            double[] mean = new double[n];
            double[] m2 = new double[n];
            ColumnStats empty = empty(n);
            double[] min = empty.min;
            double[] max = empty.max;
            TreeSet<String> labels = new TreeSet<>();
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.isBlank() || line.equals(header)) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                count++;
                for (int i = 0; i < n; i++) {
                    double v = Double.parseDouble(cells[features[i]].strip());
                    double delta = v - mean[i];
                    mean[i] += delta / count;
                    m2[i] += delta * (v - mean[i]);
                    min[i] = Math.min(min[i], v);
                    max[i] = Math.max(max[i], v);
                }
                if (labels.size() <= MAX_CLASSES) {
                    labels.add(cells[label].strip());
                }
            }
            return List.of(new IndexedStats(partition, new ColumnStats(count, mean, m2, min, max, labels))).iterator();
        }
    }

    /** A partition's stats with its index, so the driver merges in partition order. */
    record IndexedStats(int partition, ColumnStats stats) implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}
