package nn.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.BooleanSupplier;
import nn.compute.Backend;
import nn.compute.BackendChoice;
import nn.compute.DeviceRequest;
import nn.compute.DeviceKind;
import nn.io.Checkpoints;
import nn.io.DataHashes;
import nn.io.ModelFormatException;
import nn.io.OutputFolderException;
import nn.io.RunFiles;
import nn.io.SavedModel;
import nn.spec.DeviceType;
import nn.spec.ExperimentSpec;
import nn.train.RunControl;
import nn.train.Trainer;
import nn.train.TrainingListener;
import nn.train.TrainingResult;
import nn.train.TrainingState;

/**
 * One training run, the one both {@code nn train} and the DSL's {@code fit} call: the backend
 * with fallback and device faults, training with validation, early stopping, checkpoints and
 * resume into the model directory, and the report. Opening it opens the backend (so a caller can
 * say which one before training); closing it closes the backend.
 */
public final class TrainingRun implements AutoCloseable {
    private final Experiment experiment;
    private final ExperimentSpec resolved;
    private final Path modelDir;
    private final RunDevice device;
    private final BackendChoice choice;
    private final Backend backend;
    private Path lastCheckpoint;

    private TrainingRun(Experiment experiment, ExperimentSpec resolved, Path modelDir, RunDevice device,
                        BackendChoice choice) {
        this.experiment = experiment;
        this.resolved = resolved;
        this.modelDir = modelDir;
        this.device = device;
        this.choice = choice;
        this.backend = choice.backend();
    }

    /**
     * Opens the backend for {@code experiment}; {@code baseDir} is the folder its relative data
     * paths are relative to (they are saved absolute), {@code modelDir} where checkpoints go.
     *
     * @throws nn.spec.SpecException naming the biggest term when the run does not fit the device's
     *     memory (see {@link MemoryGuard#checkDevice})
     */
    public static TrainingRun open(Experiment experiment, Path baseDir, Path modelDir, RunDevice device) {
        ExperimentSpec spec = experiment.spec();
        BackendChoice choice = device.opener().open(new DeviceRequest(SpecTypes.deviceKind(spec.device()),
                device.threads(), device.deviceIndex() != null ? device.deviceIndex() : spec.deviceIndex(),
                experiment.network().activations()));
        try {
            Experiments.checkDeviceMemory(experiment, choice.backend());
        } catch (RuntimeException e) {
            choice.backend().close();
            throw e;
        }
        return new TrainingRun(experiment, Experiments.withAbsolutePaths(spec, baseDir), modelDir, device, choice);
    }

    /** The one line that says which device runs and why (a fallback's reason included). */
    public String notice() {
        return choice.notice();
    }

    /** The model directory checkpoints go to. */
    public Path modelDir() {
        return modelDir;
    }

    /** The checkpoint written last by this run, or null. */
    public Path lastCheckpoint() {
        return lastCheckpoint;
    }

    /** The newest complete checkpoint of {@code modelDir} to resume from; bad input when there is none. */
    public static Checkpoints.Checkpoint checkpointToResume(Path modelDir) {
        return Checkpoints.newest(modelDir).orElseThrow(() -> new ModelFormatException(modelDir
                + ": no complete checkpoint to resume from; set training.checkpoint_every and train without --resume"));
    }

    /**
     * Trains from {@code from} (null: afresh), telling {@code listener} about batches and epochs,
     * stopping after the batch in which {@code stop} turns true (with a checkpoint). A device that
     * fails mid-run falls back to Java under {@code auto}, with a warning on {@code warnings}.
     */
    public TrainedRun train(TrainingState from, TrainingListener listener, BooleanSupplier stop, PrintWriter warnings) {
        ExperimentSpec spec = experiment.spec();
        String metricName = experiment.train().isClassification() ? "accuracy" : "rmse";
        SavedModel template = new SavedModel(spec.name(), experiment.network(), experiment.train().featureNames(),
                experiment.train().classNames(), experiment.normalizer(), resolved,
                new SavedModel.Provenance(spec.seed(), backend.name(), NnVersion.current(),
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), DataHashes.of(resolved.data()), 0,
                        Map.of()), experiment.preprocessing());
        // One checkpoint (model, best model, optimizer state) and the final model, with room for the rest.
        RunFolder.requireSpace(modelDir, 24L * experiment.network().parameterCount() + (2L << 20));
        RunOutput output = new RunOutput(modelDir, template, resolved, metricName);
        // A killed run may have left hidden temp files; loaders skip them, this reclaims them.
        // (RunFolder.claim does so too; a caller that opened the folder without it still gets this.)
        Checkpoints.removeLeftovers(modelDir);
        int every = spec.training().checkpointEvery() == null ? 0 : spec.training().checkpointEvery();
        RunControl control = new RunControl(every, from, state -> lastCheckpoint = output.checkpoint(state), stop);
        DeviceKind requested = SpecTypes.deviceKind(spec.device());
        DeviceFaults.Outcome outcome;
        try {
            outcome = DeviceFaults.fit(requested, choice, control, device.threads(),
                    output::checkpoint, warnings, (b, c) -> new Trainer(experiment.options()).fit(experiment.network(),
                            experiment.train(), experiment.validation(), experiment.test(), b, listener, c));
        } catch (OutputFolderException e) {
            throw withNewest(e, modelDir);
        }
        TrainingResult result = outcome.result();
        String ranOn = outcome.backendName();
        return new TrainedRun(result, ranOn, report(result, ranOn), template, resolved, metricName);
    }

    private ObjectNode report(TrainingResult result, String ranOn) {
        ExperimentSpec spec = experiment.spec();
        ObjectNode report = RunFiles.report(spec.name(), ranOn, result, result.network().parameterCount());
        report.put("deviceRequested", spec.device().yamlName());
        report.put("deviceNotice", choice.notice());
        // A fallback: an OpenCL device was asked for (or allowed, under auto) and Java ran,
        // from the start or, after the device failed mid-run, from then on.
        report.put("fallback", spec.device() != DeviceType.JAVA && ranOn.equals("java"));
        report.put("interrupted", result.interrupted());
        return report;
    }

    /** {@code e} with where the run can go on from: the newest complete checkpoint, which a failed write keeps. */
    static OutputFolderException withNewest(OutputFolderException e, Path modelDir) {
        String kept = Checkpoints.newest(modelDir).map(c -> "; the newest complete checkpoint " + c.dir()
                + " is kept (continue with --resume)").orElse("; no checkpoint was complete yet");
        return new OutputFolderException(e.getMessage() + kept, e.getCause());
    }

    @Override
    public void close() {
        backend.close();
    }
}
