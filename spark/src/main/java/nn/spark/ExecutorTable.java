package nn.spark;

import java.io.Serializable;
import java.util.List;

/**
 * How executors turn their CSV lines into training rows (sync: executors read the data): the
 * header, which columns are features and which the label, the classes (empty for regression) and
 * the normaliser fitted by the distributed pass. Shipped with every task; small.
 *
 * @param path          the CSV, any Hadoop-compatible path
 * @param header        the header line, skipped wherever it appears
 * @param features      feature column indices, in the order the network takes them
 * @param label         the label column index
 * @param classNames    the classes in nn's order (empty: regression)
 * @param oneHot        whether targets are one-hot rows (softmax outputs)
 * @param offset        the normaliser's offsets, per feature
 * @param scale         the normaliser's scales, per feature
 * @param rows          training rows over all partitions
 */
public record ExecutorTable(String path, String header, int[] features, int label, List<String> classNames,
                            boolean oneHot, float[] offset, float[] scale, long rows) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Columns per target row. */
    public int targets() {
        return oneHot ? classNames.size() : 1;
    }

    /**
     * Parses one CSV line into {@code x} (normalised) and {@code y} at row {@code r}; plain
     * comma-separated numbers (the label may be any text).
     */
    public void parse(String line, float[] x, float[] y, int r) {
        String[] cells = line.split(",", -1);
        int f = features.length;
        for (int i = 0; i < f; i++) {
            x[r * f + i] = (Float.parseFloat(cells[features[i]].strip()) - offset[i]) * scale[i];
        }
        String value = cells[label].strip();
        if (classNames.isEmpty()) {
            y[r] = Float.parseFloat(value);
            return;
        }
        int c = classNames.indexOf(value);
        if (c < 0) {
            throw new IllegalArgumentException(path + ": label '" + value + "' is not one of " + classNames);
        }
        if (oneHot) {
            for (int k = 0; k < classNames.size(); k++) {
                y[r * classNames.size() + k] = k == c ? 1f : 0f;
            }
        } else {
            y[r] = c;
        }
    }
}
