package nn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nn.compute.Backend;
import nn.compute.Devices;
import nn.config.ConfigLoader;
import nn.network.BatchNormLayer;
import nn.network.Layer;
import nn.network.Network;
import nn.run.TrainedRun;
import nn.spec.ExperimentSpec;
import nn.train.Trainer;
import nn.train.TrainingListener;
import nn.train.TrainingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * batch_norm as PyTorch DDP without SyncBatchNorm: each partition normalises by its own batches'
 * statistics; γ and β are averaged with the other gradients, the running statistics row-weighted
 * in partition order.
 */
class BatchNormTest {
    private static ExperimentSpec spec(int partitions, boolean shuffle, double rate, int epochs) {
        String yaml = "name: iris-bn\nseed: 9\n"
                + "network: { input: 4, layers: [ { units: 12, activation: relu }, { type: batch_norm }, "
                + "{ units: 3, activation: softmax } ] }\n"
                + "loss: categorical_crossentropy\noptimizer: { type: adam, learning_rate: " + rate + " }\n"
                + "training: { epochs: " + epochs + ", batch_size: 19, shuffle: " + shuffle + " }\n"
                + "data:\n  train: { csv: " + SparkTestSupport.data("iris-train.csv") + ", label: species }\n"
                + "  test: { csv: " + SparkTestSupport.data("iris-test.csv") + ", label: species }\n  normalize: standard\n"
                + "distributed: { backend: spark, partitions: " + partitions + ", every: 1 }\n";
        try (ConfigLoader loader = new ConfigLoader()) {
            return loader.parse("test.yaml", yaml, Path.of("."), List.of()).spec();
        }
    }

    /** Parameters, then every batch_norm layer's moving mean and variance. */
    private static float[] everything(Network network) {
        List<float[]> parts = new ArrayList<>(List.of(SparkTestSupport.weights(network)));
        for (Layer layer : network.layers()) {
            if (layer instanceof BatchNormLayer bn) {
                parts.add(bn.movingMean());
                parts.add(bn.movingVariance());
            }
        }
        int n = parts.stream().mapToInt(p -> p.length).sum();
        float[] all = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    @Test
    void onOnePartitionTheRoundsAreTheSingleMachineRunRunningStatisticsIncluded(@TempDir Path dir) {
        TrainingPlan plan = TrainingPlan.prepare(spec(1, false, 0.01, 4), Path.of("."), -1, SparkTestSupport.context());
        float[] spark = everything(SparkJob.run(SparkTestSupport.context(), plan, dir.resolve("s"), false, 0,
                SparkTestSupport.quiet()).result().network());
        TrainingOptions base = plan.experiment().options();
        TrainingOptions single = new TrainingOptions(base.loss(), base.optimizer(), base.epochs(), base.batchSize(), false,
                base.seed()).withRegularization(base.regularization());
        float[] expected;
        try (Backend backend = Devices.host(2)) {
            expected = everything(new Trainer(single).fit(plan.experiment().network(), plan.experiment().train(), null,
                    null, backend, TrainingListener.silent()).network());
        }
        float[] start = everything(plan.experiment().network());
        double maxW = 0;
        double maxDiff = 0;
        double moved = 0;
        for (int i = 0; i < expected.length; i++) {
            maxW = Math.max(maxW, Math.abs(expected[i]));
            maxDiff = Math.max(maxDiff, Math.abs(spark[i] - expected[i]));
            moved = Math.max(moved, Math.abs(expected[i] - start[i]));
        }
        assertTrue(moved > 0.05, "training moved the weights and statistics");
        assertTrue(maxDiff <= 1e-5 * maxW, "max|Δ| " + maxDiff + " > 1e-5 · max " + maxW);
    }

    @Test
    void onTwoPartitionsTheRunIsRepeatableAndLearns(@TempDir Path dir) {
        TrainedRun a = SparkJob.run(SparkTestSupport.context(), TrainingPlan.prepare(spec(2, true, 0.05, 8), Path.of("."), -1,
                SparkTestSupport.context()), dir.resolve("a"), false, 0, SparkTestSupport.quiet());
        TrainedRun b = SparkJob.run(SparkTestSupport.context(), TrainingPlan.prepare(spec(2, true, 0.05, 8), Path.of("."), -1,
                SparkTestSupport.context()), dir.resolve("b"), false, 0, SparkTestSupport.quiet());
        assertArrayEquals(everything(a.result().network()), everything(b.result().network()));
        // Training-mode loss (batch statistics); the test accuracy after so few steps mostly measures how far the
        // running statistics (momentum 0.99) still are from the data, on one machine as here.
        var history = a.result().history();
        assertTrue(history.get(history.size() - 1).loss() < 0.6 * history.get(0).loss(), "loss " + history);
        BatchNormLayer bn = (BatchNormLayer) a.result().network().layers().get(1);
        assertTrue(bn.movingMean()[0] != 0f && bn.movingVariance()[0] != 1f, "the running statistics were updated");
    }
}
