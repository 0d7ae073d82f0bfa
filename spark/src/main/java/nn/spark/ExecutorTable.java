package nn.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import nn.data.Preprocessing;
import nn.data.TargetScaling;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * How executors turn one CSV file's lines into rows ({@code read: executors}): the file's columns,
 * the preprocessing fitted by the distributed passes (as plain data), the label, the classes and
 * the normaliser. Shipped with every task; small. Test and validation files get a copy bound to
 * their own header ({@link #forFile}).
 *
 * @param path        the CSV, any Hadoop-compatible path
 * @param columns     the file's column names, in file order
 * @param header      the file's header line as it is (skipped wherever it appears), null when it has none
 * @param delimiter   the cell separator
 * @param naValues    cells that mean "missing"
 * @param encoders    the feature columns' encoders, in input order
 * @param label       the label column's name
 * @param classNames  the classes in nn's order (empty: regression)
 * @param classCounts training rows per class (empty: regression)
 * @param oneHot      whether targets are one-hot rows (softmax outputs)
 * @param offset      the normaliser's offsets, per input
 * @param scale       the normaliser's scales, per input
 * @param target      the regression target's standardisation (offset, scale), {0, 1} for classes
 * @param rows        training rows over all partitions
 */
public record ExecutorTable(String path, ArrayList<String> columns, String header, char delimiter,
                            ArrayList<String> naValues, ArrayList<EncoderPlan> encoders, String label,
                            ArrayList<String> classNames, long[] classCounts, boolean oneHot, float[] offset,
                            float[] scale, double[] target, long rows) implements ExecutorSource {
    private static final long serialVersionUID = 1L;

    @Override
    public JavaRDD<?> records(JavaSparkContext sc, int partitions) {
        return ExecutorPlans.lines(sc, path, partitions);
    }

    @Override
    public RowReader reader(int partition, Iterator<?> records) {
        RowParser parser = new RowParser(this);
        @SuppressWarnings("unchecked")
        Iterator<String> lines = (Iterator<String>) records;
        long[] number = {0};
        return (x, y, r) -> {
            while (lines.hasNext()) {
                String line = lines.next();
                number[0]++;
                if (!parser.skips(line)) {
                    parser.parse(line, number[0], x, y, r);
                    return true;
                }
            }
            return false;
        };
    }

    /** Columns per target row. */
    @Override
    public int targets() {
        return oneHot ? classNames.size() : 1;
    }

    /** Network inputs per row. */
    @Override
    public int width() {
        return offset.length;
    }

    /** The fitted preprocessing, as the model file saves it. */
    @Override
    public Preprocessing preprocessing() {
        return new Preprocessing(naValues, encoders.stream().map(EncoderPlan::encoder).toList(),
                new TargetScaling(target[0], target[1]));
    }

    /** This table for another file with the same feature and label columns (test, validation). */
    ExecutorTable forFile(String otherPath, List<String> otherColumns, String otherHeader) {
        return new ExecutorTable(otherPath, new ArrayList<>(otherColumns), otherHeader, delimiter, naValues, encoders,
                label, classNames, classCounts, oneHot, offset, scale, target, rows);
    }

    /** This table with the normaliser {@code offset}, {@code scale}. */
    ExecutorTable withNormalizer(float[] newOffset, float[] newScale, long trainRows) {
        return new ExecutorTable(path, columns, header, delimiter, naValues, encoders, label, classNames, classCounts,
                oneHot, newOffset, newScale, target, trainRows);
    }
}
