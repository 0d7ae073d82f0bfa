package nn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import nn.compute.Backend;
import nn.compute.Devices;
import nn.data.Dataset;
import nn.network.Network;
import nn.run.TrainedRun;
import nn.spec.ExperimentSpec;
import nn.train.Trainer;
import nn.train.TrainingListener;
import nn.train.TrainingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The done-when of the issue: {@code sync: gradients} with k = 1 ends where the single-machine
 * run ends that sees, per global step, the partitions' batches in partition order; and the same
 * distributed run twice gives bitwise-equal weights.
 */
class GradientSyncTest {
    static final int PARTITIONS = 2;
    static final int BATCH = 19;

    @Test
    void oneBatchPerRoundIsTheSingleMachineRunOverThePartitionsBatches(@TempDir Path dir) {
        ExperimentSpec spec = SparkTestSupport.iris("{ backend: spark, partitions: " + PARTITIONS + ", every: 1 }",
                "{ type: adam, learning_rate: 0.01 }", 4, BATCH, false);
        TrainingPlan plan = TrainingPlan.prepare(spec, Path.of("."), -1, SparkTestSupport.context());
        TrainedRun spark = SparkJob.run(SparkTestSupport.context(), plan, dir.resolve("m"), false, 0,
                SparkTestSupport.quiet());

        Dataset train = plan.experiment().train();
        TrainingOptions base = plan.experiment().options();
        TrainingOptions single = new TrainingOptions(base.loss(), base.optimizer(), base.epochs(), PARTITIONS * BATCH,
                false, base.seed()).withRegularization(base.regularization());
        Network expected;
        try (Backend backend = Devices.host(2)) {
            expected = new Trainer(single).fit(plan.experiment().network(), interleaved(train), null, null, backend,
                    TrainingListener.silent()).network();
        }
        float[] w = SparkTestSupport.weights(spark.result().network());
        float[] e = SparkTestSupport.weights(expected);
        float[] start = SparkTestSupport.weights(plan.experiment().network());
        double maxW = 0;
        double maxDiff = 0;
        double moved = 0;
        for (int i = 0; i < e.length; i++) {
            maxW = Math.max(maxW, Math.abs(e[i]));
            maxDiff = Math.max(maxDiff, Math.abs(w[i] - e[i]));
            moved = Math.max(moved, Math.abs(e[i] - start[i]));
        }
        assertTrue(moved > 0.05, "training moved the weights (max " + moved + ")");
        assertTrue(maxDiff <= 1e-5 * maxW, "max|Δw| " + maxDiff + " > 1e-5 · max|w| " + maxW);
        assertEquals(4, spark.result().history().size());
    }

    @Test
    void theSameRunTwiceIsBitwiseEqual(@TempDir Path dir) {
        ExperimentSpec spec = SparkTestSupport.iris("{ backend: spark, partitions: 3, every: 2 }",
                "{ type: sgd, learning_rate: 0.1, momentum: 0.9 }", 3, 8, true);
        float[] first = SparkTestSupport.weights(SparkJob.run(SparkTestSupport.context(),
                TrainingPlan.prepare(spec, Path.of("."), -1, SparkTestSupport.context()), dir.resolve("a"), false, 0, SparkTestSupport.quiet())
                .result().network());
        float[] second = SparkTestSupport.weights(SparkJob.run(SparkTestSupport.context(),
                TrainingPlan.prepare(spec, Path.of("."), -1, SparkTestSupport.context()), dir.resolve("b"), false, 0, SparkTestSupport.quiet())
                .result().network());
        assertArrayEquals(first, second);
    }

    /** The rows in the order the distributed run consumes them: step s holds partition 0's batch s, then 1's, .... */
    static Dataset interleaved(Dataset d) {
        int steps = PartitionRows.batchesPerEpoch(PARTITIONS, d.rows(), BATCH);
        float[] x = new float[d.x().length];
        float[] y = new float[d.y().length];
        int at = 0;
        for (int s = 0; s < steps; s++) {
            for (int p = 0; p < PARTITIONS; p++) {
                int start = PartitionRows.start(p, PARTITIONS, d.rows());
                int count = PartitionRows.count(p, PARTITIONS, d.rows());
                for (int r = s * BATCH; r < Math.min(count, (s + 1) * BATCH); r++) {
                    System.arraycopy(d.x(), (start + r) * d.features(), x, at * d.features(), d.features());
                    System.arraycopy(d.y(), (start + r) * d.targets(), y, at * d.targets(), d.targets());
                    at++;
                }
            }
        }
        assertEquals(d.rows(), at);
        assertEquals(0, d.rows() % (PARTITIONS * BATCH), "equal global batches need rows divisible by partitions × batch");
        return new Dataset(d.featureNames(), d.classNames(), d.rows(), d.features(), d.targets(), x, y);
    }

    @Test
    void parameterAveragingAfterOnePlainSgdStepIsGradientAveraging(@TempDir Path dir) {
        // Σ n_p (w − η g_p) / N = w − η Σ n_p g_p / N: with plain SGD and k = 1 both syncs take the same step.
        String sgd = "{ type: sgd, learning_rate: 0.2 }";
        float[] gradients = SparkTestSupport.weights(SparkJob.run(SparkTestSupport.context(), TrainingPlan.prepare(
                SparkTestSupport.iris("{ backend: spark, partitions: 3, sync: gradients }", sgd, 3, 8, true),
                Path.of("."), -1, SparkTestSupport.context()), dir.resolve("g"), false, 0, SparkTestSupport.quiet())
                .result().network());
        float[] parameters = SparkTestSupport.weights(SparkJob.run(SparkTestSupport.context(), TrainingPlan.prepare(
                SparkTestSupport.iris("{ backend: spark, partitions: 3, sync: parameters }", sgd, 3, 8, true),
                Path.of("."), -1, SparkTestSupport.context()), dir.resolve("p"), false, 0, SparkTestSupport.quiet())
                .result().network());
        double maxW = 0;
        double maxDiff = 0;
        for (int i = 0; i < gradients.length; i++) {
            maxW = Math.max(maxW, Math.abs(gradients[i]));
            maxDiff = Math.max(maxDiff, Math.abs(gradients[i] - parameters[i]));
        }
        assertTrue(maxDiff <= 1e-5 * maxW, "max|Δw| " + maxDiff + " > 1e-5 · max|w| " + maxW);
    }
}
