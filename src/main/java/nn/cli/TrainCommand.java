package nn.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import nn.compute.Backend;
import nn.compute.BackendChoice;
import nn.compute.DeviceKind;
import nn.compute.Devices;
import nn.config.LoadedConfig;
import nn.data.Dataset;
import nn.dsl.Experiment;
import nn.dsl.Experiments;
import nn.io.Checkpoints;
import nn.io.DataHashes;
import nn.io.ModelFile;
import nn.io.TrainingChart;
import nn.io.ModelFormatException;
import nn.io.RunFiles;
import nn.io.SavedModel;
import nn.network.DenseLayer;
import nn.network.Network;
import nn.spec.DeviceType;
import nn.spec.ExperimentSpec;
import nn.train.Evaluation;
import nn.train.RunControl;
import nn.train.Trainer;
import nn.train.TrainingDivergedException;
import nn.train.TrainingResult;
import nn.train.TrainingState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nn train CONFIG}: trains the network a YAML file declares and writes models/NAME/. */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Trains the network that CONFIG declares; writes model.nnm, metrics.csv, report.json "
                + "and training.png to OUTPUT-DIR/NAME/ (and checkpoints/ with training.checkpoint_every).",
        footer = {"", ExitCode.TABLE})
final class TrainCommand implements Callable<Integer> {
    private final DeviceFaults.Opener opener;

    /** The command as users run it: backends from {@link Devices#open(DeviceKind, int, Integer, String)}. */
    TrainCommand() {
        this(Devices::open);
    }

    /** The command with its own way to open backends (fault tests). */
    TrainCommand(DeviceFaults.Opener opener) {
        this.opener = opener;
    }


    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = "models",
            description = "Folder the model folder goes in (default: ${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the Java backend (default: NN_THREADS, else all cores).")
    Integer threads;

    @Option(names = "--device-index", paramLabel = "N",
            description = "Which OpenCL device to use, by its index in 'nn devices' (overrides device_index).")
    Integer deviceIndex;

    @Option(names = {"-q", "--quiet"}, description = "Print no per-epoch progress.")
    boolean quiet;

    @Option(names = "--log-every", paramLabel = "N",
            description = "Print a progress line every N epochs when output is not a terminal (default: about ten per run).")
    Integer logEvery;

    @Option(names = "--resume", description = "Continue from the newest complete checkpoint in OUTPUT-DIR/NAME/checkpoints/.")
    boolean resume;

    @Option(names = "--json", description = "Print the report as one JSON line at the end of standard output.")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        if (nn.io.ChartLibrary.present()) {
            TrainingChart.warmUpInBackground();
        } else {
            command.commandLine().getErr().println("nn: the chart library (XChart) is not on the class path; training.png is skipped");
        }
        ConfigOptions.PreparedRun run = configOptions.prepare();
        LoadedConfig loaded = run.loaded();
        Experiment experiment = run.experiment();
        ExperimentSpec spec = loaded.spec();
        if (logEvery != null && logEvery < 1) {
            throw new picocli.CommandLine.ParameterException(command.commandLine(), "--log-every must be at least 1, got " + logEvery);
        }
        if (threads != null && (threads < 1 || threads > Limits.MAX_THREADS)) {
            throw new picocli.CommandLine.ParameterException(command.commandLine(), "--threads must be between 1 and "
                    + Limits.MAX_THREADS + ", got " + threads);
        }
        DeviceKind requested = DeviceKind.valueOf(spec.device().name());
        int javaThreads = threads != null ? threads : Devices.defaultThreads();
        BackendChoice choice = opener.open(requested, javaThreads,
                deviceIndex != null ? deviceIndex : spec.deviceIndex(), experiment.network().javaOnlyReason());
        try (Backend backend = choice.backend()) {
            out.println("nn " + VersionProvider.version() + ": training '" + spec.name() + "' from " + configOptions.config);
            out.println(choice.notice());
            out.println("network: " + describe(experiment.network()) + " (" + experiment.network().parameterCount()
                    + " parameters), loss " + spec.loss().yamlName() + ", " + experiment.options().optimizer());
            out.println("data: " + describe(experiment.train(), "train")
                    + (experiment.validation() == null ? "" : "; " + experiment.validation().rows() + " validation rows")
                    + (experiment.test() == null ? "" : "; " + experiment.test().rows() + " test rows"));
            String training = describeTraining(experiment);
            if (!training.isEmpty()) {
                out.println("training: " + training);
            }
            Path modelDir = outputDir.resolve(spec.name());
            ExperimentSpec resolved = Experiments.withAbsolutePaths(spec, loaded.baseDir());
            String metricName = experiment.train().isClassification() ? "accuracy" : "rmse";
            RunOutput output = new RunOutput(modelDir, new SavedModel(spec.name(), experiment.network(),
                    experiment.train().featureNames(), experiment.train().classNames(), experiment.normalizer(),
                    ModelFile.toTree(resolved), new SavedModel.Provenance(spec.seed(), backend.name(),
                    VersionProvider.version(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                    DataHashes.of(resolved.data()), 0, Map.of())),
                    resolved, metricName);
            // A killed run may have left hidden temp files; loaders skip them, this reclaims them.
            Checkpoints.removeLeftovers(modelDir);
            TrainingState from = resume ? resumeState(modelDir, out) : null;
            int every = spec.training().checkpointEvery() == null ? 0 : spec.training().checkpointEvery();
            Path[] lastCheckpoint = new Path[1];
            TrainingResult result;
            String ranOn;
            try (StopRequest stop = StopRequest.install();
                 TrainingProgress progress = TrainingProgress.create(quiet, System.console() != null, logEvery, out,
                         metricName, experiment.train().rows(), experiment.options().epochs(),
                         from == null ? 0 : (long) from.epoch() * experiment.train().rows())) {
                RunControl control = new RunControl(every, from, state -> lastCheckpoint[0] = output.checkpoint(state),
                        stop::requested);
                try {
                    try {
                        // A device failure mid-run falls back to Java (auto) or saves a checkpoint and fails.
                        DeviceFaults.Outcome outcome = DeviceFaults.fit(requested, backend, control, javaThreads,
                                output::checkpoint, command.commandLine().getErr(),
                                (b, c) -> new Trainer(experiment.options()).fit(experiment.network(), experiment.train(),
                                        experiment.validation(), experiment.test(), b, progress, c));
                        result = outcome.result();
                        ranOn = outcome.backendName();
                    } catch (TrainingDivergedException e) {
                        progress.close();
                        throw e.withNote(Forensics.features(experiment.train(), spec.data().normalize()))
                                .withNote(Forensics.checkpoint(lastCheckpoint[0] != null ? lastCheckpoint[0]
                                        : from == null ? null : Checkpoints.newest(modelDir).map(c -> c.dir()).orElse(null),
                                        every));
                    }
                    ObjectNode report = RunFiles.report(spec.name(), ranOn, result,
                            result.network().parameterCount());
                    report.put("deviceRequested", spec.device().yamlName());
                    report.put("deviceNotice", choice.notice());
                    // A fallback: an OpenCL device was asked for (or allowed, under auto) and Java ran,
                    // from the start or, after the device failed mid-run, from then on.
                    report.put("fallback", spec.device() != DeviceType.JAVA && ranOn.equals("java"));
                    report.put("interrupted", result.interrupted());
                    boolean kept = output.keepsPrevious(result, resume);
                    if (!kept) {
                        output.finish(result, report, ranOn);
                    }
                    progress.close();
                    summarise(out, result, modelDir, lastCheckpoint[0], report, kept);
                } finally {
                    out.flush();
                }
            }
            return result.interrupted() ? ExitCode.INTERRUPTED : ExitCode.OK;
        }
    }

    /** The newest complete checkpoint's state; bad input when there is none. */
    private TrainingState resumeState(Path modelDir, PrintWriter out) {
        var checkpoint = Checkpoints.newest(modelDir).orElseThrow(() -> new ModelFormatException(modelDir
                + ": no complete checkpoint to resume from; set training.checkpoint_every and train without --resume"));
        out.println("resuming from " + checkpoint.dir());
        return Checkpoints.load(checkpoint);
    }

    private void summarise(PrintWriter out, TrainingResult result, Path modelDir, Path checkpoint, ObjectNode report,
                           boolean kept) {
        if (result.interrupted()) {
            out.println("interrupted after epoch " + result.history().size() + "; checkpoint " + checkpoint
                    + " (continue with --resume)");
        }
        out.printf(Locale.ROOT, "trained %d epochs in %.2f s (%,.0f samples/s)%s%n", result.history().size(),
                result.seconds(), result.samplesPerSecond(), result.stoppedEarly() || result.bestEpoch()
                        != result.history().size() ? "; stopped early, kept the weights of epoch "
                        + result.bestEpoch() : "");
        out.println("train: " + describe(result.train()));
        if (result.validation() != null) {
            out.println("validation: " + describe(result.validation()));
        }
        if (result.test() != null) {
            out.println("test:  " + describe(result.test()));
        }
        if (kept) {
            out.println("kept the previous run's " + ModelFile.NAME + ", config.yaml, metrics.csv and report.json in "
                    + modelDir + "/ until this run completes");
        } else {
            out.println("saved " + modelDir + "/ (" + ModelFile.NAME + ", config.yaml, metrics.csv, report.json, training.png)");
        }
        if (json) {
            out.println(report.toString());
        }
    }

    /** The non-default training parts, e.g. "schedule cosine, clip_norm 1.0, early stopping on val_loss". */
    private static String describeTraining(Experiment experiment) {
        var o = experiment.options();
        List<String> parts = new ArrayList<>();
        if (o.schedule().type() != nn.train.LearningRateSchedule.Type.CONSTANT || o.schedule().warmupEpochs() > 0) {
            parts.add("schedule " + o.schedule());
        }
        if (o.clipNorm() > 0) {
            parts.add("clip_norm " + o.clipNorm());
        }
        if (o.regularization().stream().anyMatch(r -> r.l2() > 0 || r.dropout() > 0)) {
            parts.add("regularisation per layer (l2, dropout): " + o.regularization().stream()
                    .map(r -> "(" + r.l2() + ", " + r.dropout() + ")").collect(Collectors.joining(" ")));
        }
        if (o.earlyStopping() != null) {
            parts.add("early stopping on " + o.earlyStopping().monitor().name().toLowerCase(Locale.ROOT)
                    + ", patience " + o.earlyStopping().patience());
        }
        return String.join(", ", parts);
    }

    private static String describe(Dataset data, String role) {
        return data.rows() + " " + role + " rows, " + data.features() + " features"
                + (data.isClassification() ? ", " + data.classNames().size() + " classes ("
                + String.join(", ", data.classNames()) + ")" : "");
    }

    private static String describe(Evaluation e) {
        String text = String.format(Locale.ROOT, "loss %.4f  %s %.4f", e.loss(), e.metricName(), e.metric());
        if (e.confusion() != null) {
            text += String.format(Locale.ROOT, "  macro_f1 %.4f", e.confusion().macroF1());
        }
        if (e.regression() != null) {
            text += String.format(Locale.ROOT, "  mae %.4g  r2 %.4f", e.regression().mae(), e.regression().r2());
        }
        return text;
    }

    private static String describe(Network network) {
        return network.inputs() + " -> " + network.layers().stream()
                .map((DenseLayer l) -> l.units() + " " + l.activation().yamlName())
                .collect(Collectors.joining(" -> "));
    }
}
