package nn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nn.config.ConfigLoader;
import nn.io.Checkpoints;
import nn.spec.ExperimentSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A driver JVM killed with SIGKILL after a checkpoint; --resume (here, in this JVM) ends at the uninterrupted weights. */
class KilledDriverTest {
    @Test
    void aDriverKilledWithSigkillResumesToTheUninterruptedWeights(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("iris.yaml");
        Files.writeString(config, "name: killed\nseed: 5\n"
                + "network: { input: 4, layers: [ { units: 12, activation: tanh }, { units: 3, activation: softmax } ] }\n"
                + "loss: categorical_crossentropy\noptimizer: { type: adam, learning_rate: 0.01 }\n"
                + "training: { epochs: 40, batch_size: 8 }\n"
                + "data: { train: { csv: " + SparkTestSupport.data("iris-train.csv") + ", label: species }, "
                + "normalize: standard }\n"
                + "distributed: { backend: spark, master: \"local[2]\", partitions: 2, checkpoint_rounds: 20 }\n");
        Path models = dir.resolve("models");
        Process driver = startDriver(config, models, dir.resolve("driver.log"));
        Path modelDir = models.resolve("killed");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (Checkpoints.newest(modelDir).isEmpty() && driver.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(driver.isAlive(), "the driver was still training at its first checkpoint: "
                + Files.readString(dir.resolve("driver.log")));
        driver.destroyForcibly().waitFor();
        assertTrue(Files.notExists(modelDir.resolve("model.nnm")), "killed before the end");

        ExperimentSpec spec;
        try (ConfigLoader loader = new ConfigLoader()) {
            spec = loader.load(config, List.of()).spec();
        }
        float[] resumed = SparkTestSupport.weights(SparkJob.run(SparkTestSupport.context(), TrainingPlan.prepare(spec,
                dir, -1, SparkTestSupport.context()), modelDir, true, 0, SparkTestSupport.quiet()).result().network());
        float[] whole = SparkTestSupport.weights(SparkJob.run(SparkTestSupport.context(), TrainingPlan.prepare(spec,
                dir, -1, SparkTestSupport.context()), dir.resolve("whole"), false, 0, SparkTestSupport.quiet())
                .result().network());
        assertArrayEquals(whole, resumed);
    }

    /** nn-spark in its own JVM, with this JVM's class path and module flags. */
    private static Process startDriver(Path config, Path models, Path log) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+Ignore") || a.startsWith("-Dio.netty")).toList());
        command.addAll(List.of("-Xmx512m", "-Dspark.ui.enabled=false", "-cp", System.getProperty("java.class.path"),
                NnSpark.class.getName(), config.toString(), "--output-dir", models.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
