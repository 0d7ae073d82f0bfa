package nn.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import nn.cli.TrainingProgress;
import nn.io.Checkpoints;
import nn.io.DataHashes;
import nn.io.RunFiles;
import nn.io.SavedModel;
import nn.run.NnVersion;
import nn.run.RunOutput;
import nn.run.TrainedRun;
import nn.spec.ExperimentSpec;
import nn.train.TrainingListener;
import nn.train.TrainingResult;
import nn.train.TrainingState;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One distributed run from a prepared {@link TrainingPlan} to the model directory: the same
 * {@code models/NAME/} files as {@code nn train} (model.nnm with provenance, config.yaml,
 * metrics.csv, report.json, training.png, checkpoints/), so plain {@code nn predict} reads it.
 */
public final class SparkJob {
    /** The device the provenance and the report name. */
    public static final String DEVICE = "spark";

    private SparkJob() {
    }

    /** The data files' hashes for the provenance; a Hadoop path or a Parquet folder is not hashed (too big, not local). */
    private static List<SavedModel.DataFile> hashes(ExperimentSpec spec) {
        var data = spec.data();
        for (var source : java.util.Arrays.asList(data.train(), data.validation(), data.test())) {
            if (source != null && source.csv() != null && !Files.isRegularFile(Path.of(source.csv()))) {
                return List.of();
            }
        }
        return DataHashes.of(data);
    }

    private static void close(AutoCloseable progress) {
        try {
            progress.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Trains {@code plan} on {@code sc} into {@code modelDir}, from its newest checkpoint when
     * {@code resume}; returns null when {@code stopAfterRounds} (tests: a driver killed) ended it.
     */
    public static TrainedRun run(JavaSparkContext sc, TrainingPlan plan, Path modelDir, boolean resume,
                                 int stopAfterRounds, PrintWriter out) {
        var e = plan.experiment();
        try (TrainingProgress lines = TrainingProgress.create(false, false, null, out,
                e.train().isClassification() ? "accuracy" : "rmse", (int) Math.min(Integer.MAX_VALUE, plan.trainRows()),
                e.options().epochs(), 0)) {
            return run(sc, plan, modelDir, resume, stopAfterRounds, out, lines);
        }
    }

    /** As above, with the progress told to {@code listener} (nn-spark's command: the core's progress line). */
    public static TrainedRun run(JavaSparkContext sc, TrainingPlan plan, Path modelDir, boolean resume,
                                 int stopAfterRounds, PrintWriter out, TrainingListener listener) {
        var e = plan.experiment();
        var spec = plan.resolved();
        String metricName = e.train().isClassification() ? "accuracy" : "rmse";
        SavedModel template = new SavedModel(spec.name(), e.network(), e.train().featureNames(), e.train().classNames(),
                e.normalizer(), spec, new SavedModel.Provenance(spec.seed(), DEVICE, NnVersion.current(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), hashes(spec), 0, Map.of()), e.preprocessing());
        RunOutput output = new RunOutput(modelDir, template, spec, metricName);
        TrainingState from = null;
        if (resume) {
            Checkpoints.Checkpoint newest = Checkpoints.newest(modelDir).orElseThrow(() -> new nn.io.ModelFormatException(
                    modelDir + ": no complete checkpoint to resume from; set distributed.checkpoint_rounds and train "
                            + "without --resume"));
            from = Checkpoints.load(newest);
            out.println("resuming from " + newest.dir() + " (epoch " + newest.epoch() + ", batch " + newest.batch() + ")");
        }
        Checkpoints.removeLeftovers(modelDir);
        try (SparkTraining training = new SparkTraining(sc, plan, listener)) {
            TrainingResult result = training.train(from, output::checkpoint, stopAfterRounds);
            if (result == null) {
                return null;
            }
            ObjectNode report = RunFiles.report(spec.name(), DEVICE, result, result.network().parameterCount());
            ObjectNode distributed = report.putObject("distributed");
            distributed.put("master", sc.master());
            distributed.put("partitions", plan.distributed().partitions());
            distributed.put("sync", plan.parametersSync() ? "parameters" : "gradients");
            distributed.put("every", plan.distributed().every());
            distributed.put("rounds", training.roundsRun());
            distributed.put("syncMillisPerRound", training.syncMillisPerRound());
            if (listener instanceof AutoCloseable progress) {
                close(progress); // a terminal progress line ends before the summary lines
            }
            out.printf("trained %d rounds in %.1f s: %.2f rounds/s, %.0f samples/s, %.1f ms per round in Spark jobs%n",
                    training.roundsRun(), result.seconds(), training.roundsRun() / result.seconds(),
                    result.samplesPerSecond(), training.syncMillisPerRound());
            TrainedRun trained = new TrainedRun(result, DEVICE, report, template, spec, metricName);
            trained.save(modelDir);
            return trained;
        }
    }
}
