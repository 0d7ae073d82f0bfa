package nn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import nn.compute.Backend;
import nn.compute.Devices;
import nn.config.ConfigLoader;
import nn.network.Network;
import nn.run.TrainedRun;
import nn.spec.ExperimentSpec;
import nn.train.Trainer;
import nn.train.TrainingListener;
import nn.train.TrainingOptions;
import nn.train.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class weights, dropout and early stopping in data-parallel training. */
class FeaturesTest {
    private static final String ADAM = "{ type: adam, learning_rate: 0.01 }";

    private static ExperimentSpec iris(String distributed, String hidden, String training, boolean validation) {
        String yaml = "name: iris-features\nseed: 11\n"
                + "network: { input: 4, layers: [ { units: 12, activation: tanh" + hidden + " }, "
                + "{ units: 3, activation: softmax } ] }\n"
                + "loss: categorical_crossentropy\noptimizer: " + ADAM + "\n"
                + "training: { " + training + " }\n"
                + "data:\n  train: { csv: " + SparkTestSupport.data("iris-train.csv") + ", label: species }\n"
                + (validation ? "  validation: { csv: " + SparkTestSupport.data("iris-test.csv") + ", label: species }\n" : "")
                + "  normalize: standard\ndistributed: " + distributed + "\n";
        try (ConfigLoader loader = new ConfigLoader()) {
            return loader.parse("test.yaml", yaml, Path.of("."), List.of()).spec();
        }
    }

    private static TrainedRun train(ExperimentSpec spec, int failRound, Path dir) {
        return SparkJob.run(SparkTestSupport.context(), TrainingPlan.prepare(spec, Path.of("."), failRound,
                SparkTestSupport.context()), dir, false, 0, SparkTestSupport.quiet());
    }

    @Test
    void classWeightedRoundsAreTheSingleMachineClassWeightedRun(@TempDir Path dir) {
        int p = GradientSyncTest.PARTITIONS;
        int b = GradientSyncTest.BATCH;
        ExperimentSpec spec = iris("{ backend: spark, partitions: " + p + ", every: 1 }", "",
                "epochs: 3, batch_size: " + b + ", shuffle: false, class_weights: { setosa: 3, versicolor: 1, virginica: 0.5 }",
                false);
        TrainingPlan plan = TrainingPlan.prepare(spec, Path.of("."), -1, SparkTestSupport.context());
        float[] spark = SparkTestSupport.weights(SparkJob.run(SparkTestSupport.context(), plan, dir.resolve("w"), false, 0,
                SparkTestSupport.quiet()).result().network());
        TrainingOptions base = plan.experiment().options();
        TrainingOptions single = new TrainingOptions(base.loss(), base.optimizer(), base.epochs(), p * b, false, base.seed())
                .withRegularization(base.regularization()).withClassWeights(base.classWeights());
        Network expected;
        try (Backend backend = Devices.host(2)) {
            expected = new Trainer(single).fit(plan.experiment().network(),
                    GradientSyncTest.interleaved(plan.experiment().train()), null, null, backend,
                    TrainingListener.silent()).network();
        }
        float[] e = SparkTestSupport.weights(expected);
        double maxW = 0;
        double maxDiff = 0;
        for (int i = 0; i < e.length; i++) {
            maxW = Math.max(maxW, Math.abs(e[i]));
            maxDiff = Math.max(maxDiff, Math.abs(spark[i] - e[i]));
        }
        assertTrue(maxDiff <= 1e-5 * maxW, "max|Δw| " + maxDiff + " > 1e-5 · max|w| " + maxW);
        float[] unweighted = SparkTestSupport.weights(train(iris("{ backend: spark, partitions: " + p + ", every: 1 }", "",
                "epochs: 3, batch_size: " + b + ", shuffle: false", false), -1, dir.resolve("u")).result().network());
        assertFalse(Arrays.equals(unweighted, spark), "the weights change the result");
    }

    @Test
    void dropoutMasksArePerPartitionAndARetriedTaskDrawsTheSameOnes(@TempDir Path dir) {
        String distributed = "{ backend: spark, partitions: 3, every: 2 }";
        String training = "epochs: 2, batch_size: 8";
        ExperimentSpec dropout = iris(distributed, ", dropout: 0.3", training, false);
        float[] first = SparkTestSupport.weights(train(dropout, -1, dir.resolve("a")).result().network());
        float[] retried = SparkTestSupport.weights(train(dropout, 3, dir.resolve("b")).result().network());
        assertArrayEquals(first, retried, "a round is a pure function of (weights, round, partition, seed)");
        float[] none = SparkTestSupport.weights(train(iris(distributed, "", training, false), -1, dir.resolve("c"))
                .result().network());
        assertFalse(Arrays.equals(first, none), "dropout changed the training");
        float[] m0 = masks(0);
        assertArrayEquals(m0, masks(0));
        assertFalse(Arrays.equals(m0, masks(1)), "partitions draw their own masks");
    }

    private static float[] masks(int partition) {
        RoundMasks masks = new RoundMasks(11);
        masks.begin(5, partition, 2);
        float[] m = new float[64];
        masks.fill(0, 0.5f, m, m.length);
        return m;
    }

    @Test
    void earlyStoppingStopsOnTheDriverAndRestoresTheBestEpoch(@TempDir Path dir) {
        // min_delta 10: only the first epoch improves (on +∞), so patience 2 stops after epoch 3 of 20.
        ExperimentSpec spec = iris("{ backend: spark, partitions: 2 }", "",
                "epochs: 20, batch_size: 8, early_stopping: { patience: 2, min_delta: 10, restore_best: true }", true);
        TrainingResult result = train(spec, -1, dir.resolve("m")).result();
        assertEquals(3, result.history().size());
        assertTrue(result.stoppedEarly());
        assertEquals(1, result.bestEpoch());
        assertTrue(result.history().stream().allMatch(m -> m.hasValidation()));
        assertEquals(result.history().get(0).valLoss(), result.validation().loss(), 1e-6,
                "the restored network is epoch 1's");
    }
}
