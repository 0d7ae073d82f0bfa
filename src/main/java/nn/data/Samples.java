package nn.data;

import java.util.List;

/**
 * Labelled samples as read, before labels are encoded: a CSV or inline table, or a pair of IDX
 * files. The training samples decide the feature and class names; the test and validation samples
 * are then built with those.
 */
public interface Samples {
    /** Feature names in file order. */
    List<String> featureNames();

    /** The distinct labels, sorted (numerically when all are numbers). */
    List<String> classNames();

    /**
     * A data set with the named features in that order; {@code classNames} empty means regression,
     * else labels become an index ({@code oneHot} false) or a one-hot row.
     */
    Dataset build(List<String> featureNames, List<String> classNames, boolean oneHot);

    /** A table with its label column ({@code null}: the last column). */
    static Samples of(RawTable table, String label) {
        return of(table, label, null);
    }

    /**
     * A table with its label column and the feature columns {@code columns} in that order
     * ({@code null}: every column but the label); the caller has checked the names exist.
     */
    static Samples of(RawTable table, String label, List<String> columns) {
        return new Samples() {
            @Override
            public List<String> featureNames() {
                return columns == null ? Datasets.featureNames(table, label) : columns;
            }

            @Override
            public List<String> classNames() {
                return Datasets.classNames(table, label);
            }

            @Override
            public Dataset build(List<String> featureNames, List<String> classNames, boolean oneHot) {
                return Datasets.build(table, label, featureNames, classNames, oneHot);
            }
        };
    }
}
