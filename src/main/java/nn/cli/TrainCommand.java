package nn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import nn.compute.DeviceKind;
import nn.compute.Devices;
import nn.config.LoadedConfig;
import nn.data.Dataset;
import nn.run.Experiment;
import nn.io.Checkpoints;
import nn.io.ModelFile;
import nn.io.TrainingChart;
import nn.network.DenseLayer;
import nn.network.Network;
import nn.run.DeviceFaults;
import nn.run.Experiments;
import nn.run.ResumeCheck;
import nn.run.RunFolder;
import nn.run.RunMode;
import nn.run.RunDevice;
import nn.run.TrainedRun;
import nn.run.TrainingRun;
import nn.spec.ExperimentSpec;
import nn.spec.SpecException;
import nn.train.Evaluation;
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

    /** The command as users run it: backends from {@link Devices#open(nn.compute.DeviceRequest)}. */
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

    @Option(names = "--resume", description = "Continue from the newest complete checkpoint in OUTPUT-DIR/NAME/checkpoints/ "
            + "(refused when the config's network, loss, optimizer, seed or data differ from the checkpoint's).")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace the run in OUTPUT-DIR/NAME/ (its checkpoints at once, its model "
            + "once the new one is saved); without it or --resume, a folder holding a run is refused.")
    boolean overwrite;

    @Option(names = "--json", description = "Print only the report, as one JSON document, on standard output (the other lines go to standard error).")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec command;

    /** Whether the run stopped because the JVM got Ctrl-C or SIGTERM (its shutdown hook ran). */
    private boolean stoppedBySignal;

    @Override
    public Integer call() {
        // With --json, stdout carries the report alone: every human line goes to stderr.
        PrintWriter out = json ? command.commandLine().getErr() : command.commandLine().getOut();
        if (nn.io.ChartLibrary.present()) {
            TrainingChart.warmUpInBackground();
        } else {
            command.commandLine().getErr().println("nn: the chart library (XChart) is not on the class path; training.png is skipped");
        }
        if (logEvery != null && logEvery < 1) {
            throw new picocli.CommandLine.ParameterException(command.commandLine(), "--log-every must be at least 1, got " + logEvery);
        }
        if (threads != null && (threads < 1 || threads > Limits.MAX_THREADS)) {
            throw new picocli.CommandLine.ParameterException(command.commandLine(), "--threads must be between 1 and "
                    + Limits.MAX_THREADS + ", got " + threads);
        }
        if (overwrite && resume) {
            throw new picocli.CommandLine.ParameterException(command.commandLine(),
                    "--overwrite starts the run over and --resume continues it; give one of them");
        }
        LoadedConfig loaded = configOptions.load();
        if (loaded.spec().distributed() != null) {
            throw loaded.locate(new SpecException("distributed", "this config trains on a cluster; run it with nn-spark "
                    + "(see the README's 'Training on Spark'), or remove the distributed block to train on this machine"));
        }
        Path modelDir = outputDir.resolve(loaded.spec().name());
        RunMode mode = resume ? RunMode.RESUME : overwrite ? RunMode.OVERWRITE : RunMode.FRESH;
        // The folder (in use, writable, an older run) and the checkpoint against the config come
        // before the data is read, so a refusal comes at once; the folder is claimed just before training.
        RunFolder.check(modelDir, mode);
        TrainingState from = resume ? ResumeCheck.stateToResume(modelDir,
                Experiments.withAbsolutePaths(loaded.spec(), loaded.baseDir())) : null;
        Experiment experiment = ConfigOptions.prepare(loaded);
        int javaThreads = threads != null ? threads : Devices.defaultThreads();
        TrainingRun opened;
        try {
            opened = TrainingRun.open(experiment, loaded.baseDir(), modelDir, new RunDevice(opener, javaThreads, deviceIndex));
        } catch (SpecException e) {
            throw loaded.locate(e); // the device's memory guard names a config key
        }
        int code;
        try (TrainingRun run = opened;
             RunFolder folder = RunFolder.claim(modelDir, mode)) {
            code = train(out, loaded, experiment, run, from);
        }
        if (stoppedBySignal) {
            awaitJvmExit();
        }
        return code;
    }

    private int train(PrintWriter out, LoadedConfig loaded, Experiment experiment, TrainingRun run, TrainingState from) {
        ExperimentSpec spec = loaded.spec();
        Path modelDir = run.modelDir();
        printHeader(out, experiment, run.notice());
        String metricName = experiment.train().isClassification() ? "accuracy" : "rmse";
        if (from != null) {
            out.println("resuming from " + TrainingRun.checkpointToResume(modelDir).dir());
        }
        TrainedRun trained;
        try (StopRequest stop = StopRequest.install();
             TrainingProgress progress = TrainingProgress.create(quiet, System.console() != null, logEvery, out,
                     metricName, experiment.train().rows(), experiment.options().epochs(),
                     from == null ? 0 : (long) from.epoch() * experiment.train().rows())) {
            try {
                try {
                    trained = run.train(from, progress, stop::requested, command.commandLine().getErr());
                } catch (TrainingDivergedException e) {
                    progress.close();
                    int every = spec.training().checkpointEvery() == null ? 0 : spec.training().checkpointEvery();
                    throw e.withNote(Forensics.features(experiment.train(), spec.data().normalize()))
                            .withNote(Forensics.checkpoint(run.lastCheckpoint() != null ? run.lastCheckpoint()
                                    : from == null ? null : Checkpoints.newest(modelDir).map(c -> c.dir()).orElse(null),
                                    every));
                }
                // An interrupted retrain leaves the previous complete run's files in place.
                boolean kept = trained.keepsPrevious(modelDir, from != null);
                if (!kept) {
                    trained.save(modelDir);
                }
                progress.close();
                stoppedBySignal = stop.requested();
                summarise(out, trained.result(), modelDir, run.lastCheckpoint(), kept);
                if (json) {
                    command.commandLine().getOut().println(trained.report().toString());
                }
            } finally {
                out.flush();
                command.commandLine().getOut().flush();
            }
        }
        return trained.result().interrupted() ? ExitCode.INTERRUPTED : ExitCode.OK;
    }

    /**
     * After a Ctrl-C or SIGTERM the JVM is already exiting with the signal's status (130 or 143),
     * held open only until the save: calling {@code System.exit} with our own code too would race
     * it (and sometimes win, turning 143 into 130). So the command waits here for that exit.
     */
    private static void awaitJvmExit() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException ignored) {
                // keep waiting: the JVM's shutdown ends this thread
            }
        }
    }

    /** What is about to run: version, config, device, network, data and the non-default training parts. */
    private void printHeader(PrintWriter out, Experiment experiment, String notice) {
        ExperimentSpec spec = experiment.spec();
        out.println("nn " + VersionProvider.version() + ": training '" + spec.name() + "' from " + configOptions.config);
        out.println(notice);
        out.println("network: " + describe(experiment.network()) + " (" + experiment.network().parameterCount()
                + " parameters), loss " + spec.loss().yamlName() + ", " + experiment.options().optimizer());
        out.println("data: " + describe(experiment.train(), "train")
                + (experiment.validation() == null ? "" : "; " + experiment.validation().rows() + " validation rows")
                + (experiment.test() == null ? "" : "; " + experiment.test().rows() + " test rows"));
        String training = describeTraining(experiment);
        if (!training.isEmpty()) {
            out.println("training: " + training);
        }
    }

    private void summarise(PrintWriter out, TrainingResult result, Path modelDir, Path checkpoint, boolean kept) {
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
                .map(l -> l instanceof DenseLayer d ? d.units() + " " + d.activation().yamlName() : l.typeName())
                .collect(Collectors.joining(" -> "));
    }
}
