package nn.spark;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import nn.data.Preprocessing;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A data file that the executors read themselves ({@code read: executors}): a CSV (or Parquet)
 * file's lines split by Hadoop ({@link ExecutorTable}), or IDX images split into byte ranges of
 * their fixed-size records ({@link IdxSource}). Plain data shipped with every task; each task
 * turns its partition's records into normalised rows through a {@link RowReader}.
 */
interface ExecutorSource extends Serializable {
    /** The file, for messages. */
    String path();

    /** Network inputs per row. */
    int width();

    /** Columns per target row. */
    int targets();

    /** The classes in nn's order (empty: regression). */
    List<String> classNames();

    /** Training rows per class (empty: regression). */
    long[] classCounts();

    /** The preprocessing the model file saves. */
    Preprocessing preprocessing();

    /** The partitions' records, the same split every time: lines, or one partition index each. */
    JavaRDD<?> records(JavaSparkContext sc, int partitions);

    /** Reads partition {@code partition}'s rows from its {@code records}. */
    RowReader reader(int partition, Iterator<?> records);

    /** One partition's rows, in order. */
    interface RowReader {
        /** Writes the next row into {@code x} and {@code y} at row {@code r}; false when there is none left. */
        boolean next(float[] x, float[] y, int r);
    }
}
