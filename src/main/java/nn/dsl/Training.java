package nn.dsl;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import nn.run.Experiment;
import nn.run.Experiments;
import nn.run.ResumeCheck;
import nn.run.RunDevice;
import nn.run.RunFolder;
import nn.run.RunMode;
import nn.run.TrainingRun;
import nn.spec.DataSourceSpec;
import nn.spec.DataSpec;
import nn.spec.DeviceType;
import nn.spec.EarlyStoppingSpec;
import nn.spec.FeatureSpec;
import nn.spec.FeatureType;
import nn.spec.MissingType;
import nn.spec.ScheduleSpec;
import nn.spec.ExperimentSpec;
import nn.spec.LossType;
import nn.spec.NormalizeType;
import nn.spec.OptimizerSpec;
import nn.spec.TrainingSpec;
import nn.train.TrainingListener;
import nn.train.TrainingState;

/**
 * The Java face of a training config, reading like the YAML:
 * <pre>{@code
 * TrainingResult r = Training.of(Networks.builder().input(4).dense(16, RELU).dense(3, SOFTMAX))
 *     .loss(CATEGORICAL_CROSSENTROPY).optimizer(sgd(0.1)).epochs(200).batchSize(16).seed(42)
 *     .normalize(STANDARD).fit(DataSources.csv(Path.of("data/iris-train.csv")).label("species"));
 * }</pre>
 * It builds the same {@link ExperimentSpec} a YAML file does and trains it through the same path,
 * so both give the same weights for the same settings. A builder: each call sets one key.
 */
public final class Training {
    private final NetworkBuilder network;
    private String name = "model";
    private long seed = ExperimentSpec.DEFAULT_SEED;
    private DeviceType device = DeviceType.AUTO;
    private LossType loss;
    private OptimizerSpec optimizer;
    private int epochs;
    private int batchSize;
    private boolean shuffle = true;
    private NormalizeType normalize = NormalizeType.NONE;
    private DataSource test;
    private DataSource validation;
    private Double l2;
    private Double clipNorm;
    private Double validationSplit;
    private ScheduleSpec schedule;
    private EarlyStoppingSpec earlyStopping;
    private Integer checkpointEvery;
    private Object classWeights;
    private final java.util.Map<String, FeatureSpec> features = new java.util.LinkedHashMap<>();
    private MissingType missing;
    private Integer maxCategories;
    private Integer minFrequency;
    private Integer embeddingAbove;
    private Path outputDir = Path.of("models");
    private RunMode mode = RunMode.FRESH;

    private Training(NetworkBuilder network) {
        this.network = network;
    }

    /** Starts from a network; the rest takes the YAML defaults (seed 42, auto device, shuffling on). */
    public static Training of(NetworkBuilder network) {
        return new Training(network);
    }

    public Training name(String value) {
        name = value;
        return this;
    }

    public Training seed(long value) {
        seed = value;
        return this;
    }

    public Training device(DeviceType value) {
        device = value;
        return this;
    }

    public Training loss(LossType value) {
        loss = value;
        return this;
    }

    public Training optimizer(OptimizerSpec value) {
        optimizer = value;
        return this;
    }

    public Training epochs(int value) {
        epochs = value;
        return this;
    }

    public Training batchSize(int value) {
        batchSize = value;
        return this;
    }

    public Training shuffle(boolean value) {
        shuffle = value;
        return this;
    }

    public Training normalize(NormalizeType value) {
        normalize = value;
        return this;
    }

    /** Held-out data, evaluated after training. */
    public Training test(DataSource value) {
        test = value;
        return this;
    }

    /** Validation data scored every epoch (instead of {@link #validationSplit}). */
    public Training validation(DataSource value) {
        validation = value;
        return this;
    }

    /** An L2 penalty on every layer's weights. */
    public Training l2(double lambda) {
        l2 = lambda;
        return this;
    }

    /** Clips the gradients' global norm. */
    public Training clipNorm(double norm) {
        clipNorm = norm;
        return this;
    }

    /** Holds out this fraction of the training rows (stratified, seeded) for validation. */
    public Training validationSplit(double fraction) {
        validationSplit = fraction;
        return this;
    }

    /** A learning-rate schedule, as {@code training.schedule}. */
    public Training schedule(ScheduleSpec value) {
        schedule = value;
        return this;
    }

    /** Early stopping on validation data, as {@code training.early_stopping}. */
    public Training earlyStopping(EarlyStoppingSpec value) {
        earlyStopping = value;
        return this;
    }

    /** The folder holding the model folder checkpoints go to (default {@code models}, as for {@code nn train}). */
    public Training outputDir(Path value) {
        outputDir = value;
        return this;
    }

    /**
     * Replaces a run already in the model folder (as {@code nn train --overwrite}); without this
     * (or {@link #resume()}) a folder holding a run is refused.
     */
    public Training overwrite() {
        mode = RunMode.OVERWRITE;
        return this;
    }

    /**
     * Continues from the model folder's newest complete checkpoint (as {@code nn train --resume}),
     * after checking that it was trained with this network, loss, optimizer, seed and data.
     */
    public Training resume() {
        mode = RunMode.RESUME;
        return this;
    }

    /** A checkpoint every {@code epochs} epochs, as {@code training.checkpoint_every}. */
    public Training checkpointEvery(int epochs) {
        checkpointEvery = epochs;
        return this;
    }

    /** Class weights n / (classes · count) from the training split, as {@code class_weights: balanced}. */
    public Training balancedClassWeights() {
        classWeights = "balanced";
        return this;
    }

    /** A weight per class name, as {@code training.class_weights: {name: weight}}. */
    public Training classWeights(java.util.Map<String, Double> weights) {
        classWeights = java.util.Map.copyOf(weights);
        return this;
    }

    /**
     * Declares a CSV column, as {@code data.features.NAME}; {@link Features} makes the common
     * declarations ({@code Features.embedding(8)}, {@code Features.constant(0)}, ...).
     */
    public Training feature(String column, FeatureSpec declaration) {
        features.put(column, declaration);
        return this;
    }

    /** Declares these columns categorical (numeric codes such as years or zip codes), as {@code NAME: categorical}. */
    public Training categorical(String... columns) {
        for (String column : columns) {
            feature(column, new FeatureSpec(FeatureType.CATEGORICAL));
        }
        return this;
    }

    /** Missing feature cells: median, mean or error, as {@code data.missing}. */
    public Training missing(MissingType value) {
        missing = value;
        return this;
    }

    /** Most one-hot categories per column, as {@code data.max_categories}. */
    public Training maxCategories(int value) {
        maxCategories = value;
        return this;
    }

    /** Fewest rows a category needs for its own input, as {@code data.min_frequency}. */
    public Training minFrequency(int value) {
        minFrequency = value;
        return this;
    }

    /** Categorical columns with more categories than this are embedded, as {@code data.embedding_above}. */
    public Training embeddingAbove(int value) {
        embeddingAbove = value;
        return this;
    }

    /** The run as a spec, as a YAML file would declare it. */
    public ExperimentSpec spec(DataSource train) {
        if (loss == null || optimizer == null || epochs <= 0 || batchSize <= 0) {
            throw new IllegalStateException("set loss(...), optimizer(...), epochs(...) and batchSize(...) before training");
        }
        DataSourceSpec testSpec = test == null ? null : test.spec();
        DataSourceSpec validationSpec = validation == null ? null : validation.spec();
        return new ExperimentSpec(name, seed, device, null, network.spec(), loss, optimizer,
                new TrainingSpec(epochs, batchSize, shuffle, schedule, l2, clipNorm, validationSplit, earlyStopping,
                        checkpointEvery, classWeights),
                new DataSpec(train.spec(), testSpec, validationSpec, normalize, features.isEmpty() ? null : features,
                        missing, maxCategories, minFrequency, embeddingAbove));
    }

    /**
     * Trains on {@code train} (relative paths against the working directory) on all cores, as
     * {@code nn train} would: validation scored every epoch, early stopping, checkpoints (every
     * {@link #checkpointEvery(int)} epochs, into {@code models/NAME/} or {@link #outputDir(Path)}),
     * and a fallback to Java when an OpenCL device fails under {@code auto}. With checkpoints the
     * model folder is claimed as {@code nn train} claims it: locked for the run, and refused when
     * it already holds a run, unless {@link #overwrite()} or {@link #resume()}.
     */
    public TrainingResult fit(DataSource train) {
        return fit(train, TrainingListener.silent());
    }

    /** As {@link #fit(DataSource)}, telling {@code listener} about each epoch. */
    public TrainingResult fit(DataSource train, TrainingListener listener) {
        Path baseDir = Path.of("");
        ExperimentSpec spec = spec(train);
        Path modelDir = outputDir.resolve(name);
        // fit writes to the model folder only for checkpoints (save(dir) writes the model where asked),
        // so only then is the folder claimed: locked, checked, and refused when it holds an older run.
        boolean usesFolder = checkpointEvery != null || mode == RunMode.RESUME;
        if (usesFolder) {
            RunFolder.check(modelDir, mode);
        }
        TrainingState from = mode == RunMode.RESUME
                ? ResumeCheck.stateToResume(modelDir, Experiments.withAbsolutePaths(spec, baseDir)) : null;
        Experiment experiment = Experiments.prepare(spec, baseDir);
        try (TrainingRun run = TrainingRun.open(experiment, baseDir, modelDir, RunDevice.standard());
             RunFolder folder = usesFolder ? RunFolder.claim(modelDir, mode) : null) {
            PrintWriter warnings = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
            return new TrainingResult(run.train(from, listener, () -> false, warnings));
        }
    }
}
