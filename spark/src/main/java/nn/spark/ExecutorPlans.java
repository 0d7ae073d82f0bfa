package nn.spark;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Comparator;
import java.util.TreeSet;
import java.util.UUID;
import nn.compute.Loss;
import nn.config.ConfigWriter;
import nn.data.ColumnEncoder;
import nn.data.ColumnKind;
import nn.data.ColumnRules;
import nn.data.DataException;
import nn.data.Datasets;
import nn.data.Normalizer;
import nn.data.Preprocessing;
import nn.data.RawTable;
import nn.data.Scaling;
import nn.data.TableDialect;
import nn.data.TargetScaling;
import nn.network.Network;
import nn.network.Regularization;
import nn.run.AutoWidths;
import nn.run.Experiment;
import nn.run.SpecNetworks;
import nn.run.SpecTypes;
import nn.run.TabularSpecs;
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
 * {@code read: executors}: the driver reads only the CSV's header; distributed passes fit the
 * preprocessing (column types, missing cells, medians or means, vocabularies: {@link FitPass},
 * {@link TabularFit}), count each partition's rows and classes, then fit the normaliser over the
 * encoded inputs ({@link ColumnStats}); the tasks then parse their own splits. The driver's
 * {@link Experiment} carries the names, the preprocessing and an empty training set. Test and
 * validation files are read and scored by the executors too ({@link EvaluationFunction}).
 */
final class ExecutorPlans {
    private ExecutorPlans() {
    }

    static TrainingPlan prepare(ExperimentSpec spec, Path baseDir, int failRound, JavaSparkContext sc) {
        DistributedSpec d = spec.distributed();
        DataSourceSpec source = spec.data().train();
        if (source.idx() != null) {
            return IdxPlans.prepare(spec, baseDir, failRound, sc);
        }
        if (source.csv() == null) {
            throw new SpecException("data.train", "read: executors reads CSV, Parquet or IDX files; expected "
                    + "data.train.csv or data.train.idx");
        }
        checkOtherSources(spec);
        TableDialect dialect = TabularSpecs.dialect(source, "data.train");
        String path = resolve(source.csv(), baseDir);
        JavaRDD<String> lines = lines(sc, path, d.partitions());
        Header header = header(lines, path, dialect);
        String labelName = source.label() == null ? header.columns().get(header.columns().size() - 1) : source.label();
        int label = header.columns().indexOf(labelName);
        if (label < 0) {
            throw new SpecException("data.train.label", path + ": no column named '" + labelName + "'; the columns are "
                    + String.join(", ", header.columns()));
        }
        List<String> featureNames = source.columns() != null ? source.columns()
                : header.columns().stream().filter(c -> !c.equals(labelName)).toList();
        int[] features = featureColumns(featureNames, header.columns(), label, path);
        ColumnRules rules = TabularSpecs.rules(spec.data(), featureNames);
        ArrayList<String> na = new ArrayList<>(new TreeSet<>(dialect.naValues()));
        Fitted fitted = fit(lines, path, header, na, dialect.delimiter(), features, label, featureNames, rules);
        Preprocessing preprocessing = fitted.preprocessing();
        Loss loss = SpecTypes.loss(spec.loss());
        boolean classification = loss.needsProbabilities();
        List<String> classes = classification ? classNames(labelName, fitted.first()) : List.of();
        long[] counts = classes.stream().mapToLong(c -> fitted.first().labels.get(c)).toArray();
        if (!classification && loss == Loss.MEAN_SQUARED_ERROR) {
            FitPass.Result f = fitted.first();
            double std = f.targets == 0 ? 0 : Math.sqrt(f.targetM2 / f.targets);
            preprocessing = preprocessing.withTarget(new TargetScaling(f.targetMean, std > 0 ? std : 1));
        }
        spec = AutoWidths.resolve(spec, preprocessing.inputNames(), classes, loss);
        boolean oneHot = checkWidths(spec, preprocessing, classes, classification);
        ExecutorTable identity = new ExecutorTable(path, new ArrayList<>(header.columns()), header.line(),
                dialect.delimiter(), na, EncoderPlan.of(preprocessing.columns()), labelName, new ArrayList<>(classes),
                counts, oneHot, new float[preprocessing.width()], ones(preprocessing.width()),
                new double[] {preprocessing.target().offset(), preprocessing.target().scale()}, 0);
        ColumnStats all = encodedStats(lines, identity);
        Normalizer normalizer = normalizer(SpecTypes.scaling(spec.data().normalize()), all)
                .onlyFor(preprocessing.valueInputs());
        ExecutorTable table = identity.withNormalizer(normalizer.offset(), normalizer.scale(), all.count());
        ExecutorTable validation = otherTable(sc, spec.data().validation(), baseDir, table, d.partitions());
        ExecutorTable test = otherTable(sc, spec.data().test(), baseDir, table, d.partitions());
        TrainingOptions options = TrainingSetup.options(spec, loss, classes, counts, validation != null)
                .withTargetScale(preprocessing.target().scale());
        Network network = SpecNetworks.build(spec.network(), spec.seed(), preprocessing);
        options = shiftedForEmbedding(options, network, spec);
        ExperimentSpec resolved = withResolvedPaths(spec, path, validation, test);
        nn.data.Dataset names = new nn.data.Dataset(preprocessing.inputNames(), classes, 0, preprocessing.width(),
                table.targets(), new float[0], new float[0]);
        Experiment experiment = new Experiment(resolved, network, names, null, null, normalizer, options, preprocessing);
        WorkerSetup setup = new WorkerSetup(UUID.randomUUID().toString(), new ConfigWriter().write(resolved),
                fitted.partitions(), d.sync() == DistributedSpec.Sync.PARAMETERS, failRound, table);
        int batches = (int) Math.max(1, (fitted.largest() + options.batchSize() - 1) / options.batchSize());
        return new TrainingPlan(experiment, resolved, d, setup, all.count(), batches,
                new TrainingPlan.EvaluationTables(table, validation, test));
    }

    /** No validation split (it would gather the rows); test and validation data are CSV files too. */
    private static void checkOtherSources(ExperimentSpec spec) {
        if (spec.training().validationSplit() != null) {
            throw new SpecException("training.validation_split", "read: executors cannot draw a stratified split "
                    + "without gathering the rows; expected data.validation, a file the executors read");
        }
        for (String key : new String[] {"validation", "test"}) {
            DataSourceSpec other = key.equals("test") ? spec.data().test() : spec.data().validation();
            if (other != null && other.csv() == null) {
                throw new SpecException("data." + key, "read: executors reads CSV or Parquet files; expected data."
                        + key + ".csv");
            }
        }
    }

    /** The file's index of each feature column, which must exist and not be the label. */
    private static int[] featureColumns(List<String> names, List<String> columns, int label, String path) {
        int[] features = new int[names.size()];
        for (int i = 0; i < features.length; i++) {
            features[i] = columns.indexOf(names.get(i));
            if (features[i] < 0 || features[i] == label) {
                throw new SpecException("data.train.columns[" + i + "]", "no feature column named '" + names.get(i)
                        + "' in " + path + "; the feature columns are " + String.join(", ", columns));
            }
        }
        return features;
    }

    /** The header line (null without one) and the column names. */
    private record Header(String line, List<String> columns) {
    }

    private static Header header(JavaRDD<String> lines, String path, TableDialect dialect) {
        if (!dialect.header()) {
            return new Header(null, dialect.names());
        }
        String first = lines.first();
        return new Header(first, List.of(new CsvCells(dialect.delimiter()).split(first, path)));
    }

    /** The preprocessing fitted by the passes, the first pass's merged result, and the partitions' sizes. */
    private record Fitted(Preprocessing preprocessing, FitPass.Result first, int partitions, long largest) {
    }

    private static Fitted fit(JavaRDD<String> lines, String path, Header header, ArrayList<String> na, char delimiter,
                              int[] features, int label, List<String> names, ColumnRules rules) {
        List<FitPass.Result> parts = sorted(lines.mapPartitionsWithIndex(
                new FitPass(header.line(), delimiter, na, features, label, null), false).collect());
        long[] partitionLines = parts.stream().mapToLong(r -> r.lines).toArray();
        long largest = parts.stream().mapToLong(r -> r.rows).max().orElse(0);
        if (parts.stream().anyMatch(r -> r.rows == 0)) {
            throw new SpecException("distributed.partitions", path + " split into " + parts.size() + " partitions, "
                    + "some of them empty; expected fewer partitions");
        }
        TabularFit fit = new TabularFit(path, partitionLines);
        FitPass.Result first = merge(parts);
        if (first.shortRow != Long.MAX_VALUE) {
            throw new DataException(fit.at(first.shortRow, 0) + ": the row has fewer cells than the header");
        }
        if (first.missingLabel != Long.MAX_VALUE) {
            throw new DataException(fit.at(first.missingLabel, label) + ": the label (column '"
                    + header.columns().get(label) + "') is missing; every training and test row needs one");
        }
        ColumnKind[] kinds = new ColumnKind[features.length];
        boolean[] vocabulary = new boolean[features.length];
        ColumnRules.Declared none = new ColumnRules.Declared(null, null, null, false);
        for (int i = 0; i < features.length; i++) {
            kinds[i] = fit.kind(names.get(i), features[i], first.columns.get(i), rules.declared().getOrDefault(names.get(i), none));
            vocabulary[i] = kinds[i] == ColumnKind.CATEGORICAL;
        }
        FitPass.Result values = null;
        for (boolean v : vocabulary) {
            if (v) {
                values = merge(sorted(lines.mapPartitionsWithIndex(
                        new FitPass(header.line(), delimiter, na, features, label, vocabulary), false).collect()));
                break;
            }
        }
        List<ColumnEncoder> encoders = new ArrayList<>();
        for (int i = 0; i < features.length; i++) {
            encoders.add(fit.encoder(names.get(i), features[i], kinds[i], first.columns.get(i),
                    values == null ? null : values.columns.get(i), rules.declared().getOrDefault(names.get(i), none), rules));
        }
        // As nn.data.PreprocessingFit: embedded ids go last.
        List<ColumnEncoder> ordered = new ArrayList<>(encoders.stream().filter(e -> !e.embedded()).toList());
        ordered.addAll(encoders.stream().filter(ColumnEncoder::embedded).toList());
        return new Fitted(new Preprocessing(na, ordered, TargetScaling.NONE), first, parts.size(), largest);
    }

    private static List<FitPass.Result> sorted(List<FitPass.Result> results) {
        List<FitPass.Result> parts = new ArrayList<>(results);
        parts.sort(Comparator.comparingInt(r -> r.partition));
        return parts;
    }

    private static FitPass.Result merge(List<FitPass.Result> parts) {
        FitPass.Result all = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            all = all.merge(parts.get(i));
        }
        return all;
    }

    /** The normaliser's statistics over the inputs as {@code identity} (a source not yet normalised) reads them. */
    static <T> ColumnStats encodedStats(JavaRDD<T> records, ExecutorSource identity) {
        List<ColumnStats.IndexedStats> parts = new ArrayList<>(records.mapPartitionsWithIndex(
                new ColumnStats.Pass<T>(identity), false).collect());
        parts.sort(Comparator.comparingInt(ColumnStats.IndexedStats::partition));
        ColumnStats all = ColumnStats.empty(identity.width());
        for (ColumnStats.IndexedStats p : parts) {
            all = all.merge(p.stats());
        }
        return all;
    }

    /** Checks the encoded width and the classes against the network; returns whether targets are one-hot. */
    static boolean checkWidths(ExperimentSpec spec, Preprocessing preprocessing, List<String> classes,
                                       boolean classification) {
        if (preprocessing.width() != spec.network().input()) {
            throw new SpecException("network.input", "the training data has " + preprocessing.width() + " inputs once "
                    + "encoded; expected " + preprocessing.width() + " (or auto), got " + spec.network().input());
        }
        int last = spec.network().layers().size() - 1;
        int units = spec.network().layers().get(last).units();
        if (classification && units > 1 && units != classes.size()) {
            throw new SpecException("network.layers[" + last + "].units", "the data has " + classes.size()
                    + " classes (" + String.join(", ", classes) + ") but the output layer has " + units
                    + " units; expected " + classes.size());
        }
        return classification && units > 1;
    }

    /** A test or validation file bound to the training table, or null. */
    private static ExecutorTable otherTable(JavaSparkContext sc, DataSourceSpec source, Path baseDir, ExecutorTable train,
                                            int partitions) {
        if (source == null) {
            return null;
        }
        String path = resolve(source.csv(), baseDir);
        if (train.header() == null) {
            return train.forFile(path, train.columns(), null);
        }
        String first = lines(sc, path, partitions).first();
        return train.forFile(path, List.of(new CsvCells(train.delimiter()).split(first, path)), first);
    }

    private static ExperimentSpec withResolvedPaths(ExperimentSpec spec, String train, ExecutorTable validation,
                                                    ExecutorTable test) {
        DataSpec data = spec.data();
        return spec.withData(data.withSources(data.train().withCsv(train),
                test == null ? null : data.test().withCsv(test.path()),
                validation == null ? null : data.validation().withCsv(validation.path())));
    }

    /** As nn.run.Experiments: the embedding first layer has no spec of its own, so no regularisation either. */
    static TrainingOptions shiftedForEmbedding(TrainingOptions options, Network network, ExperimentSpec spec) {
        if (network.layers().size() > spec.network().layers().size() && !options.regularization().isEmpty()) {
            List<Regularization> shifted = new ArrayList<>(List.of(Regularization.NONE));
            shifted.addAll(options.regularization());
            return options.withRegularization(shifted);
        }
        return options;
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        Arrays.fill(v, 1f);
        return v;
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

    static String resolve(String csv, Path baseDir) {
        // A Hadoop path with a scheme (hdfs://, s3a://, file:) stays as it is; a plain one is relative to the config.
        if (csv.matches("[A-Za-z][A-Za-z0-9+.-]*:.*") && !csv.matches("[A-Za-z]:\\\\.*")) {
            return URI.create(csv).toString();
        }
        return baseDir.resolve(csv).toAbsolutePath().normalize().toString();
    }

    private static List<String> classNames(String label, FitPass.Result first) {
        if (first.tooManyLabels) {
            throw new SpecException("loss", "the label column '" + label + "' has more than " + FitPass.MAX_CLASSES
                    + " distinct values; expected classes for a classification loss");
        }
        // nn's own order (numeric when every label is a number), from a table of one row per class.
        List<String[]> rows = first.labels.keySet().stream().map(l -> new String[] {l}).toList();
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
