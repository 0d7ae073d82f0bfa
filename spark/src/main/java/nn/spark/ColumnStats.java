package nn.spark;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;

/**
 * One partition's summary of its encoded inputs (count, mean, M2, min, max, per Welford): the
 * distributed pass, after the preprocessing is fitted, that fits the normaliser over the inputs
 * as {@code nn train} does (after imputation and one-hot) without gathering the rows.
 * {@link #merge} combines two (Chan et al.); the driver merges in partition order.
 */
public record ColumnStats(long count, double[] mean, double[] m2, double[] min, double[] max) implements Serializable {
    private static final long serialVersionUID = 1L;

    static ColumnStats empty(int features) {
        double[] min = new double[features];
        double[] max = new double[features];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        return new ColumnStats(0, new double[features], new double[features], min, max);
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
        return new ColumnStats(total, m, s, lo, hi);
    }

    /** The task of the pass: one {@link ColumnStats} per partition, over rows read from {@code table} unnormalised. */
    record Pass<T>(ExecutorSource table) implements Function2<Integer, Iterator<T>, Iterator<IndexedStats>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<IndexedStats> call(Integer partition, Iterator<T> records) {
            ExecutorSource.RowReader reader = table.reader(partition, records);
            int n = table.width();
            long count = 0;
            double[] mean = new double[n];
            double[] m2 = new double[n];
            ColumnStats empty = empty(n);
            double[] min = empty.min;
            double[] max = empty.max;
            float[] x = new float[n];
            float[] y = new float[table.targets()];
            while (reader.next(x, y, 0)) {
                count++;
                for (int i = 0; i < n; i++) {
                    double v = x[i];
                    double delta = v - mean[i];
                    mean[i] += delta / count;
                    m2[i] += delta * (v - mean[i]);
                    min[i] = Math.min(min[i], v);
                    max[i] = Math.max(max[i], v);
                }
            }
            return List.of(new IndexedStats(partition, new ColumnStats(count, mean, m2, min, max))).iterator();
        }
    }

    /** A partition's stats with its index, so the driver merges in partition order. */
    record IndexedStats(int partition, ColumnStats stats) implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}
