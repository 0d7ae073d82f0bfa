package nn.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nn.compute.Activation;
import nn.compute.ActivationFunction;
import nn.compute.Backend;
import nn.compute.Loss;
import nn.data.ColumnRules;
import nn.data.Dataset;
import nn.data.Preprocessing;
import nn.data.PreprocessingFit;
import nn.data.TabularData;
import nn.data.TargetScaling;
import nn.data.Datasets;
import nn.data.RawTable;
import nn.data.Normalizer;
import nn.data.IdxSamples;
import nn.data.Samples;
import nn.data.Splits;
import nn.data.Tables;
import nn.network.Network;
import nn.network.Regularization;
import nn.spec.DataSourceSpec;
import nn.spec.DataSpec;
import nn.spec.IdxSpec;
import nn.spec.ExperimentSpec;
import nn.spec.LayerSpec;
import nn.spec.SpecException;
import nn.spec.Suggestions;
import nn.train.TrainingOptions;

/**
 * Turns a validated spec into an {@link Experiment}: reads the data, checks it against the
 * network (input width, classes against output units, loss against output activation), fits the
 * normaliser and draws the initial weights. Problems are {@link SpecException}s naming the key.
 */
public final class Experiments {
    /** Mixed into the seed for the validation split, so it does not reuse the initialisation's stream. */
    private static final long SPLIT_SALT = 0x5EED5A17L;

    private Experiments() {
    }

    /** Prepares {@code spec}; relative data paths resolve against {@code baseDir}. */
    public static Experiment prepare(ExperimentSpec spec, Path baseDir) {
        return prepare(spec, baseDir, MemoryGuard.ofThisJvm());
    }

    /** As {@link #prepare(ExperimentSpec, Path)}, with {@code guard} refusing runs too big for memory. */
    public static Experiment prepare(ExperimentSpec spec, Path baseDir, MemoryGuard guard) {
        spec.network().check();
        Loss loss = SpecTypes.loss(spec.loss());
        TrainingSetup.check(spec);
        if (spec.training().validationSplit() != null && spec.data().validation() != null) {
            throw new SpecException("training.validation_split", "give either training.validation_split or "
                    + "data.validation, not both");
        }
        // Before reading: a file too large for the heap is refused here, not by an OutOfMemoryError.
        guard.checkFiles(spec, baseDir);

        TrainData data = trainData(spec, baseDir);
        List<String> features = data.samples().featureNames();
        List<String> classes = loss.needsProbabilities() ? data.samples().classNames() : List.of();
        spec = AutoWidths.resolve(spec, features, classes, loss);
        int last = spec.network().layers().size() - 1;
        LayerSpec output = spec.network().layers().get(last);
        String outputPath = "network.layers[" + last + "]";
        checkLossAgainstOutput(loss, output, outputPath);
        if (features.size() != spec.network().input()) {
            boolean plain = features.equals(preprocessingColumns(data));
            throw new SpecException("network.input", "the training data has " + features.size()
                    + (plain ? " feature columns (" : " inputs once encoded (") + shortList(features) + "); expected "
                    + features.size() + (plain ? "" : " (or auto)") + ", got " + spec.network().input());
        }
        boolean oneHot = checkTargets(loss, classes, output, outputPath);
        Preprocessing preprocessing = data.preprocessing();
        if (data.table() != null && classes.isEmpty() && loss == Loss.MEAN_SQUARED_ERROR) {
            // Standardised for training; the model maps predictions back to the label's units.
            preprocessing = preprocessing.withTarget(TargetScaling.standardize(TabularData.targets(data.table(),
                    spec.data().train().label(), Set.copyOf(preprocessing.naValues()))));
        }
        Samples trainSamples = data.table() == null ? data.samples()
                : TabularData.samples(data.table(), spec.data().train().label(), preprocessing);
        Dataset train = trainSamples.build(features, classes, oneHot);
        Dataset test = null;
        if (spec.data().test() != null) {
            test = samples(spec.data().test(), "data.test", baseDir, preprocessing).build(features, classes, oneHot);
        }
        Dataset validation = null;
        if (spec.data().validation() != null) {
            validation = samples(spec.data().validation(), "data.validation", baseDir, preprocessing)
                    .build(features, classes, oneHot);
        } else if (spec.training().validationSplit() != null) {
            // Its own stream of the seed, so adding a split leaves initialisation and shuffling alone.
            Splits.Split split = Splits.stratified(train, spec.training().validationSplit(), spec.seed() ^ SPLIT_SALT);
            train = split.train();
            validation = split.heldOut();
        }
        // One-hot and indicator inputs stay 0/1: only numeric values are scaled, as ColumnTransformer does.
        Normalizer normalizer = Normalizer.fit(SpecTypes.scaling(spec.data().normalize()), train)
                .onlyFor(preprocessing.valueInputs());
        guard.check(spec, new RunFootprint.DataSizes(train.rows(),
                validation == null ? 0 : validation.rows(), test == null ? 0 : test.rows(), train.features(),
                train.targets(), spec.training().classWeights() != null,
                SpecNetworks.embedding(spec.network(), preprocessing)));
        Network network = SpecNetworks.build(spec.network(), spec.seed(), preprocessing);
        // After the validation split: balanced class weights count the rows actually trained on.
        TrainingOptions options = TrainingSetup.options(spec, loss, train, validation != null)
                .withTargetScale(preprocessing.target().scale());
        if (network.layers().size() > spec.network().layers().size() && !options.regularization().isEmpty()) {
            // The embedding first layer has no spec of its own, so no regularisation either.
            List<Regularization> shifted = new ArrayList<>(List.of(Regularization.NONE));
            shifted.addAll(options.regularization());
            options = options.withRegularization(shifted);
        }
        return new Experiment(spec, network, normalizer.apply(train),
                validation == null ? null : normalizer.apply(validation), test == null ? null : normalizer.apply(test),
                normalizer, options, preprocessing);
    }

    /** The training samples, with the table and the preprocessing fitted on it (a CSV file), or numeric as they are. */
    private record TrainData(Samples samples, RawTable table, Preprocessing preprocessing) {
    }

    private static TrainData trainData(ExperimentSpec spec, Path baseDir) {
        DataSourceSpec source = spec.data().train();
        if (source.csv() == null) {
            Samples samples = samples(source, "data.train", baseDir, null);
            return new TrainData(samples, null, Preprocessing.numeric(samples.featureNames()));
        }
        checkSource(source, "data.train");
        RawTable table = readCsv(source, "data.train", baseDir);
        if (source.columns() != null) {
            checkColumns(table, source.label(), source.columns(), "data.train.columns");
        }
        List<String> columns = source.columns() != null ? source.columns() : Datasets.featureNames(table, source.label());
        ColumnRules rules = TabularSpecs.rules(spec.data(), columns);
        Preprocessing preprocessing = PreprocessingFit.fit(table, columns, rules, TabularSpecs.dialect(source, "data.train"));
        return new TrainData(TabularData.samples(table, source.label(), preprocessing), table, preprocessing);
    }

    private static RawTable readCsv(DataSourceSpec source, String path, Path baseDir) {
        Path file = existing(baseDir, source.csv(), path + ".csv");
        return Tables.csv(file, display(file), TabularSpecs.dialect(source, path));
    }

    private static List<String> preprocessingColumns(TrainData data) {
        return data.preprocessing().columnNames();
    }

    private static String shortList(List<String> names) {
        return names.size() <= 12 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 12)) + ", ... " + (names.size() - 12) + " more";
    }

    /**
     * The spec with its data file paths made absolute, so a copy saved elsewhere (the model
     * folder's config.yaml) still finds its data.
     */
    public static ExperimentSpec withAbsolutePaths(ExperimentSpec spec, Path baseDir) {
        DataSpec data = spec.data();
        DataSpec resolved = data.withSources(absolute(data.train(), baseDir), absolute(data.test(), baseDir),
                absolute(data.validation(), baseDir));
        return spec.withData(resolved);
    }

    private static DataSourceSpec absolute(DataSourceSpec source, Path baseDir) {
        if (source == null || source.inline() != null) {
            return source;
        }
        IdxSpec idx = source.idx() == null ? null
                : new IdxSpec(absolute(baseDir, source.idx().images()), absolute(baseDir, source.idx().labels()));
        if (source.csv() != null) {
            return source.withCsv(absolute(baseDir, source.csv()));
        }
        return new DataSourceSpec(null, null, source.label(), idx, source.columns());
    }

    private static String absolute(Path baseDir, String path) {
        return baseDir.resolve(path).toAbsolutePath().normalize().toString();
    }

    private static void checkLossAgainstOutput(Loss loss, LayerSpec output, String path) {
        ActivationFunction act = SpecTypes.activation(output.activation());
        if (act == Activation.SOFTMAX && output.units() == 1) {
            throw new SpecException(path + ".activation", "softmax over 1 unit always outputs 1; expected sigmoid "
                    + "for one output unit, or one unit per class");
        }
        if (loss.needsProbabilities() && act != Activation.SIGMOID && act != Activation.SOFTMAX) {
            throw new SpecException(path + ".activation", lossName(loss) + " needs outputs in (0, 1); expected "
                    + "sigmoid or softmax on the output layer, got " + output.activation());
        }
        if (loss == Loss.CATEGORICAL_CROSSENTROPY && output.units() == 1) {
            throw new SpecException(path + ".units", "categorical_crossentropy needs one output unit per class; "
                    + "expected at least 2 units, or binary_crossentropy with one sigmoid unit");
        }
    }

    /** Checks classes against output units; returns whether targets are one-hot. */
    private static boolean checkTargets(Loss loss, List<String> classes, LayerSpec output, String path) {
        int units = output.units();
        if (!loss.needsProbabilities()) {
            if (units != 1) {
                throw new SpecException(path + ".units", "regression (mse) predicts the one label column; expected 1 "
                        + "output unit, got " + units);
            }
            return false;
        }
        String listed = classes.size() + " classes (" + String.join(", ", classes) + ")";
        if (units == 1) {
            if (classes.size() > 2) {
                throw new SpecException(path + ".units", "the data has " + listed + " but the output layer has 1 unit; "
                        + "expected " + classes.size() + " units with softmax and categorical_crossentropy");
            }
            return false;
        }
        if (units != classes.size()) {
            throw new SpecException(path + ".units", "the data has " + listed + " but the output layer has "
                    + units + " units; expected " + classes.size());
        }
        return true;
    }

    /**
     * Test or validation samples (or non-CSV training samples, {@code preprocessing} null): a CSV
     * file is encoded with the training file's preprocessing.
     */
    private static Samples samples(DataSourceSpec source, String path, Path baseDir, Preprocessing preprocessing) {
        checkSource(source, path);
        if (source.inline() != null) {
            checkInline(source.inline(), path + ".inline");
            return Samples.of(Tables.inline(source.inline(), path + ".inline"), null);
        }
        if (source.idx() != null) {
            return IdxSamples.read(existing(baseDir, source.idx().images(), path + ".idx.images"),
                    existing(baseDir, source.idx().labels(), path + ".idx.labels"));
        }
        RawTable table = readCsv(source, path, baseDir);
        return TabularData.samples(table, source.label(), preprocessing);
    }

    private static void checkSource(DataSourceSpec source, String path) {
        int given = (source.inline() == null ? 0 : 1) + (source.csv() == null ? 0 : 1) + (source.idx() == null ? 0 : 1);
        if (given != 1) {
            throw new SpecException(path, "give exactly one of 'inline' (rows of numbers), 'csv' (a file) or 'idx' "
                    + "(image and label files)");
        }
        if (source.columns() != null && source.csv() == null) {
            throw new SpecException(path + ".columns", "'columns' applies to csv files; inline rows and idx data "
                    + "use every feature");
        }
        if (source.columns() != null && !path.equals("data.train")) {
            throw new SpecException(path + ".columns", "'columns' applies to data.train; test and validation data "
                    + "use the training features by name");
        }
        if (source.label() != null && source.csv() == null) {
            throw new SpecException(path + ".label", "'label' applies to csv files; inline rows have the label last "
                    + "and idx data has a label file");
        }
        TabularSpecs.checkDialect(source, path);
    }

    /** Each selected feature column exists, is not the label and is named once. */
    private static void checkColumns(RawTable table, String label, List<String> columns, String path) {
        List<String> available = Datasets.featureNames(table, label);
        String labelName = table.columns().get(Datasets.labelColumn(table, label));
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i);
            if (name.equals(labelName)) {
                throw new SpecException(item(path, i), "'" + name + "' is the label column; expected feature columns "
                        + "only");
            }
            if (!available.contains(name)) {
                String hint = Suggestions.closest(name, available).map(s -> "; did you mean '" + s + "'?")
                        .orElse("; the feature columns are " + String.join(", ", available));
                throw new SpecException(item(path, i), "no column named '" + name + "' in " + table.source() + hint);
            }
            if (columns.indexOf(name) != i) {
                throw new SpecException(item(path, i), "column '" + name + "' is selected twice");
            }
        }
    }

    /** The file a config path names, or a SpecException saying it is missing. */
    private static Path existing(Path baseDir, String name, String keyPath) {
        Path file = baseDir.resolve(name).normalize();
        if (!Files.isRegularFile(file)) {
            String hint = file.startsWith("/usr/share/datasets") ? "; Debian's dataset-* packages install these "
                    + "(apt-get install dataset-fashion-mnist)" : "; paths are relative to the config file's folder";
            throw new SpecException(keyPath, (Files.isDirectory(file) ? "is a directory: " : "file not found: ")
                    + display(file) + hint);
        }
        return file;
    }

    private static void checkInline(List<List<Double>> rows, String path) {
        if (rows.isEmpty()) {
            throw new SpecException(path, "no rows; expected rows of numbers, the label last");
        }
        int width = rows.get(0) == null ? 0 : rows.get(0).size();
        if (width < 2) {
            throw new SpecException(item(path, 0), "a row needs at least one feature and the label; got "
                    + width + " value(s)");
        }
        for (int r = 0; r < rows.size(); r++) {
            List<Double> row = rows.get(r);
            if (row == null || row.size() != width) {
                throw new SpecException(item(path, r), "row has " + (row == null ? 0 : row.size())
                        + " values; expected " + width + " like the first row (features, then the label)");
            }
            for (int c = 0; c < width; c++) {
                if (row.get(c) == null) {
                    throw new SpecException(item(item(path, r), c), "expected a number, got nothing");
                }
            }
        }
    }

    /** A path as short as it can be shown: relative to the working directory when inside it. */
    private static String display(Path file) {
        Path cwd = Path.of("").toAbsolutePath();
        Path absolute = file.toAbsolutePath();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }

    private static String lossName(Loss loss) {
        return loss == Loss.BINARY_CROSSENTROPY ? "binary_crossentropy" : "categorical_crossentropy";
    }

    /** The key path of a list item, as the config loader writes it. */
    private static String item(String path, int index) {
        return path + "[" + index + "]";
    }

    /**
     * The memory guard for the device {@code backend} runs on, before the run allocates there: the
     * train, validation and test rows all go to the device. Nothing for a backend on the Java heap.
     *
     * @throws SpecException naming the largest term when the run would not fit the device
     */
    public static void checkDeviceMemory(Experiment experiment, Backend backend) {
        MemoryGuard.checkDevice(experiment.spec(), RunFootprint.DataSizes.of(experiment), backend.deviceMemory());
    }
}
