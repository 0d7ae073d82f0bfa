package nn.compute.aparapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.List;
import nn.compute.Backend;
import nn.compute.java.JavaBackend;
import nn.config.ConfigLoader;
import nn.config.LoadedConfig;
import nn.run.Experiment;
import nn.run.Experiments;
import nn.network.DenseLayer;
import nn.network.Network;
import nn.train.Trainer;
import nn.train.TrainingListener;
import nn.train.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Iris trained through the real config, experiment and trainer on the Java backend and on OpenCL
 * with the same seed. Tolerance: the largest parameter difference divided by the largest parameter
 * magnitude is at most 1e-4 after 1 step and 1e-3 after 100 steps; accuracies are equal. The
 * same for configs/iris-batchnorm.yaml (γ, β and the running statistics compared like weights) on
 * odd batch sizes, whose last batch is shorter still, and for a network behind an embedding layer
 * (the tables compared like weights).
 */
class TrainingParityTest {

    @Test
    void oneFullBatchStepMatches() {
        compare(List.of("training.epochs=1", "training.batch_size=114"), 1e-4);
    }

    @Test
    void hundredStepsMatch() {
        compare(List.of("training.epochs=100", "training.batch_size=114"), 1e-3);
    }

    @Test
    void shippedConfigReachesTheSameAccuracy() {
        // 200 epochs of 8 mini-batches, the last one short: views, gathers and the test set all matter.
        compare(List.of(), 1e-3);
    }

    @Test
    void batchNormMatchesOnOddBatchSizes() {
        compare("configs/iris-batchnorm.yaml", List.of("training.epochs=1", "training.batch_size=13"), 1e-4);
        compare("configs/iris-batchnorm.yaml", List.of("training.epochs=30", "training.batch_size=7"), 1e-3);
    }

    /** An embedded 40-value column: the lookup, the pass-through and the scatter-add inside real training. */
    @Test
    void embeddingMatches(@TempDir Path dir) throws IOException {
        SplittableRandom random = new SplittableRandom(4);
        StringBuilder csv = new StringBuilder("shop,size,label\n");
        for (int i = 0; i < 300; i++) {
            int shop = random.nextInt(40);
            csv.append("s").append(shop).append(',').append(String.format(Locale.ROOT, "%.3f", random.nextGaussian()))
                    .append(',').append(shop % 3 == 0 ? "yes" : "no").append('\n');
        }
        Files.writeString(dir.resolve("train.csv"), csv.toString());
        Path yaml = Files.writeString(dir.resolve("run.yaml"), """
                name: emb
                loss: binary_crossentropy
                optimizer: { type: adam, learning_rate: 0.02 }
                training: { epochs: 1, batch_size: 29 }
                network:
                  layers:
                    - { units: 8, activation: tanh }
                    - { activation: sigmoid }
                data:
                  train: { csv: train.csv, label: label }
                  test: { csv: train.csv, label: label }
                  features:
                    shop: { encoding: embedding }
                """);
        compare(yaml.toString(), List.of(), 1e-4);
        compare(yaml.toString(), List.of("training.epochs=20"), 1e-3);
    }

    private static void compare(List<String> overrides, double tolerance) {
        compare("configs/iris.yaml", overrides, tolerance);
    }

    private static void compare(String config, List<String> overrides, double tolerance) {
        Experiment experiment = prepare(config, overrides);
        TrainingResult onJava;
        try (Backend java = new JavaBackend(2)) {
            onJava = train(experiment, java);
        }
        TrainingResult onOpenCl;
        try (Backend opencl = OpenClTestDevice.open()) {
            onOpenCl = train(experiment, opencl);
        }
        double diff = relativeDifference(onJava.network(), onOpenCl.network());
        assertTrue(diff <= tolerance, "max |param diff| / max |param| = " + diff + " > " + tolerance);
        assertEquals(onJava.train().metric(), onOpenCl.train().metric(), "train accuracy");
        assertEquals(onJava.test().metric(), onOpenCl.test().metric(), "test accuracy");
        assertEquals(onJava.train().loss(), onOpenCl.train().loss(), 1e-4 * Math.max(1, onJava.train().loss()), "train loss");
    }

    private static TrainingResult train(Experiment e, Backend backend) {
        return new Trainer(e.options()).fit(e.network(), e.train(), e.test(), backend, TrainingListener.silent());
    }

    static Experiment prepare(List<String> overrides) {
        return prepare("configs/iris.yaml", overrides);
    }

    static Experiment prepare(String config, List<String> overrides) {
        try (ConfigLoader loader = new ConfigLoader()) {
            LoadedConfig loaded = loader.load(Path.of(config), overrides);
            return Experiments.prepare(loaded.spec(), loaded.baseDir());
        }
    }

    static double relativeDifference(Network a, Network b) {
        double maxDiff = 0;
        double maxAbs = 0;
        for (int l = 0; l < a.layers().size(); l++) {
            var x = a.layers().get(l).entry().tensors();
            var y = b.layers().get(l).entry().tensors();
            for (String name : x.keySet()) {
                float[] p = x.get(name);
                float[] q = y.get(name);
                for (int i = 0; i < p.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(p[i] - q[i]));
                    maxAbs = Math.max(maxAbs, Math.abs(p[i]));
                }
            }
        }
        return maxDiff / maxAbs;
    }
}
