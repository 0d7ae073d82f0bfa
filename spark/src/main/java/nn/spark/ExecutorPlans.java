package nn.spark;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import nn.config.ConfigWriter;
import nn.data.Datasets;
import nn.data.Normalizer;
import nn.data.RawTable;
import nn.data.Scaling;
import nn.network.Network;
import nn.run.Experiment;
import nn.run.SpecNetworks;
import nn.run.SpecTypes;
import nn.run.TrainingSetup;
import nn.spec.DataSourceSpec;
import nn.spec.DataSpec;
import nn.spec.DistributedSpec;
import nn.spec.ExperimentSpec;
import nn.spec.SpecException;
import nn.train.TrainingOptions;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code read: executors}: the driver reads only the CSV's header; one distributed pass counts
 * each partition's rows and fits the normaliser and the classes; the tasks then parse their own
 * splits. The driver's {@link Experiment} carries the names and an empty training set.
 */
final class ExecutorPlans {
    private ExecutorPlans() {
    }

    static TrainingPlan prepare(ExperimentSpec spec, Path baseDir, int failRound, JavaSparkContext sc) {
        DistributedSpec d = spec.distributed();
        DataSourceSpec source = spec.data().train();
        if (source.csv() == null) {
            throw new SpecException("data.train", "read: executors reads CSV or Parquet files; expected data.train.csv");
        }
        if (spec.data().validation() != null || spec.data().test() != null || spec.training().validationSplit() != null) {
            throw new SpecException("distributed.read", "read: executors trains on data.train only; expected no "
                    + "data.test, data.validation or training.validation_split (evaluate the model with nn evaluate)");
        }
        if (source.columns() != null || source.delimiter() != null || source.header() != null || source.names() != null
                || source.naValues() != null) {
            throw new SpecException("data.train", "read: executors reads comma-separated numbers under a header row; "
                    + "expected no columns, delimiter, header, names or na_values (read: driver takes them)");
        }
        String path = resolve(source.csv(), baseDir);
        ExperimentSpec resolved = spec.withData(new DataSpec(new DataSourceSpec(null, path, source.label(), null,
                source.columns()), null, null, spec.data().normalize()));
        JavaRDD<String> lines = lines(sc, path, d.partitions());
        String header = lines.first();
        List<String> columns = Arrays.stream(header.split(",", -1)).map(String::strip).toList();
        String labelName = source.label() == null ? columns.get(columns.size() - 1) : source.label();
        int label = columns.indexOf(labelName);
        if (label < 0) {
            throw new SpecException("data.train.label", path + ": no column named '" + labelName + "'; the columns are "
                    + String.join(", ", columns));
        }
        List<String> featureNames = new ArrayList<>(columns);
        featureNames.remove(label);
        int[] features = featureColumns(columns.size(), label);
        if (features.length != spec.network().input()) {
            throw new SpecException("network.input", "the training data has " + features.length + " feature columns; "
                    + "expected " + features.length + ", got " + spec.network().input());
        }
        List<ColumnStats.IndexedStats> parts = new ArrayList<>(lines.mapPartitionsWithIndex(
                new ColumnStats.Pass(header, features, label), false).collect());
        parts.sort(java.util.Comparator.comparingInt(ColumnStats.IndexedStats::partition));
        ColumnStats all = ColumnStats.empty(features.length);
        long largest = 0;
        for (ColumnStats.IndexedStats p : parts) {
            all = all.merge(p.stats());
            largest = Math.max(largest, p.stats().count());
        }
        if (parts.stream().anyMatch(p -> p.stats().count() == 0)) {
            throw new SpecException("distributed.partitions", path + " split into " + parts.size() + " partitions, "
                    + "some of them empty; expected fewer partitions");
        }
        boolean classification = SpecTypes.loss(spec.loss()).needsProbabilities();
        List<String> classes = classification ? classNames(labelName, all) : List.of();
        int units = spec.network().layers().get(spec.network().layers().size() - 1).units();
        boolean oneHot = classification && units > 1;
        Normalizer normalizer = normalizer(SpecTypes.scaling(spec.data().normalize()), all);
        ExecutorTable table = new ExecutorTable(path, header, features, label, classes, oneHot, normalizer.offset(),
                normalizer.scale(), all.count());
        TrainingOptions options = TrainingSetup.options(spec, SpecTypes.loss(spec.loss()), classification, false);
        Network network = SpecNetworks.build(spec.network(), spec.seed());
        nn.data.Dataset names = new nn.data.Dataset(featureNames, classes, 0, features.length, table.targets(),
                new float[0], new float[0]);
        Experiment experiment = new Experiment(resolved, network, names, null, null, normalizer, options);
        WorkerSetup setup = new WorkerSetup(UUID.randomUUID().toString(), new ConfigWriter().write(resolved),
                parts.size(), d.sync() == DistributedSpec.Sync.PARAMETERS, failRound, table);
        int batches = (int) Math.max(1, (largest + options.batchSize() - 1) / options.batchSize());
        return new TrainingPlan(experiment, resolved, d, setup, all.count(), batches);
    }

    /** Every column index but the label's, in file order. */
    private static int[] featureColumns(int columns, int label) {
        int[] features = new int[columns - 1];
        for (int i = 0, j = 0; i < columns; i++) {
            if (i != label) {
                features[j++] = i;
            }
        }
        return features;
    }

    /**
     * The data's lines in {@code partitions} partitions (fewer when a Parquet input has fewer),
     * the same split every time it is called. A path ending in {@code .parquet} (a file or a
     * folder of part files) is read as Parquet, its rows as CSV lines under a header of its columns.
     */
    static JavaRDD<String> lines(JavaSparkContext sc, String path, int partitions) {
        if (!isParquet(path)) {
            return sc.textFile(path, partitions).coalesce(partitions);
        }
        SparkSession spark = SparkSession.builder().config(sc.getConf()).getOrCreate();
        Dataset<Row> frame = spark.read().parquet(path);
        String header = String.join(",", frame.columns());
        JavaRDD<String> rows = frame.javaRDD().map(ExecutorPlans::line);
        if (rows.getNumPartitions() > partitions) {
            rows = rows.coalesce(partitions);
        }
        // The header leads the first partition, as in a CSV file, so the driver's first() finds it.
        return rows.mapPartitionsWithIndex((i, it) -> i == 0 ? new HeaderFirst(header, it) : it, true);
    }

    static boolean isParquet(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.toLowerCase(java.util.Locale.ROOT).endsWith(".parquet");
    }

    private static String line(Row row) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < row.length(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(row.isNullAt(i) ? "" : String.valueOf(row.get(i)));
        }
        return b.toString();
    }

    /** A header line, then the partition's own lines. */
    private static final class HeaderFirst implements java.util.Iterator<String> {
        private final String header;
        private final java.util.Iterator<String> rest;
        private boolean headerDone;

        HeaderFirst(String header, java.util.Iterator<String> rest) {
            this.header = header;
            this.rest = rest;
        }

        @Override
        public boolean hasNext() {
            return !headerDone || rest.hasNext();
        }

        @Override
        public String next() {
            if (!headerDone) {
                headerDone = true;
                return header;
            }
            return rest.next();
        }
    }

    private static String resolve(String csv, Path baseDir) {
        // A Hadoop path with a scheme (hdfs://, s3a://, file:) stays as it is; a plain one is relative to the config.
        if (csv.matches("[A-Za-z][A-Za-z0-9+.-]*:.*") && !csv.matches("[A-Za-z]:\\\\.*")) {
            return URI.create(csv).toString();
        }
        return baseDir.resolve(csv).toAbsolutePath().normalize().toString();
    }

    private static List<String> classNames(String label, ColumnStats all) {
        if (all.labels().size() > ColumnStats.MAX_CLASSES) {
            throw new SpecException("loss", "the label column '" + label + "' has more than " + ColumnStats.MAX_CLASSES
                    + " distinct values; expected classes for a classification loss");
        }
        // nn's own order (numeric when every label is a number), from a table of one row per class.
        List<String[]> rows = all.labels().stream().map(l -> new String[] {l}).toList();
        return Datasets.classNames(new RawTable("labels", List.of(label), rows, new int[rows.size()]), label);
    }

    /** As {@link Normalizer#fit}, from the merged column statistics (population standard deviation). */
    static Normalizer normalizer(Scaling scaling, ColumnStats all) {
        int n = all.mean().length;
        float[] offset = new float[n];
        float[] scale = new float[n];
        Arrays.fill(scale, 1f);
        for (int f = 0; f < n; f++) {
            switch (scaling) {
                case NONE -> { }
                case STANDARD -> {
                    double std = Math.sqrt(all.m2()[f] / all.count());
                    offset[f] = (float) all.mean()[f];
                    scale[f] = std > 0 ? (float) (1 / std) : 1f;
                }
                case MINMAX -> {
                    offset[f] = (float) all.min()[f];
                    scale[f] = all.max()[f] > all.min()[f] ? (float) (1 / (all.max()[f] - all.min()[f])) : 1f;
                }
            }
        }
        return new Normalizer(scaling, offset, scale);
    }
}
