package nn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import nn.io.Checkpoints;
import nn.run.TrainedRun;
import nn.spec.ExperimentSpec;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed task is retried with an unchanged result; a driver that dies resumes from its checkpoint. */
class FaultsTest {
    private static final String ADAM = "{ type: adam, learning_rate: 0.01 }";

    private static ExperimentSpec spec(String extra) {
        return SparkTestSupport.iris("{ backend: spark, partitions: 2, every: 1" + extra + " }", ADAM, 3, 10, true);
    }

    @Test
    void aTaskThatFailsOnItsFirstAttemptChangesNothing(@TempDir Path dir) {
        float[] clean = SparkTestSupport.weights(train(spec(""), -1, dir.resolve("clean")).result().network());
        AtomicInteger failedTasks = new AtomicInteger();
        SparkListener listener = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) {
                    failedTasks.incrementAndGet();
                }
            }
        };
        SparkTestSupport.context().sc().addSparkListener(listener);
        float[] retried;
        try {
            retried = SparkTestSupport.weights(train(spec(""), 4, dir.resolve("retried")).result().network());
        } finally {
            SparkTestSupport.context().sc().removeSparkListener(listener);
        }
        // Listener events arrive asynchronously; the failure happened long before the run ended.
        assertEquals(1, failedTasks.get(), "the injected failure happened once and was retried");
        assertArrayEquals(clean, retried);
    }

    @Test
    void aKilledDriverResumesFromItsLastCheckpointToTheSameWeights(@TempDir Path dir) {
        ExperimentSpec spec = spec(", checkpoint_rounds: 4");
        float[] whole = SparkTestSupport.weights(train(spec, -1, dir.resolve("whole")).result().network());

        Path modelDir = dir.resolve("killed");
        // 6 rounds per epoch: the driver dies after round 10, its last checkpoint is after round 8 (epoch 2, batch 2).
        assertNull(SparkJob.run(SparkTestSupport.context(), TrainingPlan.prepare(spec, Path.of("."), -1, SparkTestSupport.context()), modelDir,
                false, 10, SparkTestSupport.quiet()));
        Checkpoints.Checkpoint newest = Checkpoints.newest(modelDir).orElseThrow();
        assertEquals(1, newest.epoch());
        assertEquals(2, newest.batch());
        assertTrue(Files.notExists(modelDir.resolve("model.nnm")));

        TrainedRun resumed = SparkJob.run(SparkTestSupport.context(), TrainingPlan.prepare(spec, Path.of("."), -1, SparkTestSupport.context()),
                modelDir, true, 0, SparkTestSupport.quiet());
        assertArrayEquals(whole, SparkTestSupport.weights(resumed.result().network()));
        assertEquals(3, resumed.result().history().size());
    }

    private static TrainedRun train(ExperimentSpec spec, int failRound, Path modelDir) {
        return SparkJob.run(SparkTestSupport.context(), TrainingPlan.prepare(spec, Path.of("."), failRound, SparkTestSupport.context()), modelDir,
                false, 0, SparkTestSupport.quiet());
    }
}
