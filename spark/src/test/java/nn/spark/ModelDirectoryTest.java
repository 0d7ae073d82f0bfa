package nn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import nn.model.Model;
import nn.run.TrainedRun;
import nn.spec.ExperimentSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model directory is the one nn train writes, and plain nn predicts with it. */
class ModelDirectoryTest {
    @Test
    void parameterAveragingLearnsAndWritesAModelThatNnPredicts(@TempDir Path dir) throws Exception {
        ExperimentSpec spec = SparkTestSupport.iris("{ backend: spark, partitions: 3, sync: parameters, every: 2 }",
                "{ type: adam, learning_rate: 0.02 }", 40, 8, true);
        Path modelDir = dir.resolve("iris-spark");
        TrainedRun run = SparkJob.run(SparkTestSupport.context(), TrainingPlan.prepare(spec, Path.of("."), -1, SparkTestSupport.context()), modelDir,
                false, 0, SparkTestSupport.quiet());
        assertTrue(run.result().train().metric() > 0.9, "train accuracy " + run.result().train().metric());
        for (String file : new String[] {"model.nnm", "config.yaml", "metrics.csv", "report.json", "training.png"}) {
            assertTrue(Files.exists(modelDir.resolve(file)), file);
        }
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(modelDir.resolve("report.json").toFile());
        assertEquals("parameters", report.path("distributed").path("sync").asText(), report.toString());
        assertEquals(41, Files.readAllLines(modelDir.resolve("metrics.csv")).size());

        // Plain nn, as a user runs it: nn predict MODEL_DIR DATA.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = nn.cli.Main.run(new String[] {"predict", modelDir.toString(), "--input", SparkTestSupport.data("iris-test.csv")},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        long lines = out.toString(StandardCharsets.UTF_8).lines().count();
        assertTrue(lines >= 36, "one prediction per test row, got " + lines + " lines");

        try (Model model = Model.load(modelDir)) {
            assertEquals(run.result().network().parameterCount(), model.saved().network().parameterCount());
            assertArrayEquals(SparkTestSupport.weights(run.result().network()),
                    SparkTestSupport.weights(model.saved().network()));
            assertEquals("spark", model.saved().provenance().device());
        }
    }

    @Test
    void aConfigWithoutADistributedBlockIsBadInput(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("plain.yaml");
        Files.writeString(config, "name: plain\nnetwork: { input: 4, layers: [ { units: 3, activation: softmax } ] }\n"
                + "loss: categorical_crossentropy\noptimizer: { type: sgd }\ntraining: { epochs: 1, batch_size: 4 }\n"
                + "data: { train: { csv: " + SparkTestSupport.data("iris-train.csv") + ", label: species } }\n");
        java.io.StringWriter err = new java.io.StringWriter();
        int code = NnSpark.run(new String[] {config.toString()}, SparkTestSupport.quiet(), new java.io.PrintWriter(err, true));
        assertEquals(2, code);
        assertTrue(err.toString().contains("distributed"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void whatTheExecutorsCannotDoIsRefusedWithTheKeysPosition(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("split.yaml");
        Files.writeString(config, "name: split\n"
                + "network: { input: 4, layers: [ { units: 8, activation: relu }, { units: 3, activation: softmax } ] }\n"
                + "loss: categorical_crossentropy\noptimizer: { type: sgd }\n"
                + "training: { epochs: 1, batch_size: 4, validation_split: 0.2 }\n"
                + "data: { train: { csv: " + SparkTestSupport.data("iris-train.csv") + ", label: species } }\n"
                + "distributed: { backend: spark, read: executors }\n");
        java.io.StringWriter err = new java.io.StringWriter();
        int code = NnSpark.run(new String[] {config.toString()}, SparkTestSupport.quiet(), new java.io.PrintWriter(err, true),
                SparkTestSupport.context());
        assertEquals(2, code);
        assertEquals(config + ":5:57: training.validation_split: read: executors cannot draw a stratified split without "
                + "gathering the rows; expected data.validation, a file the executors read", err.toString().strip());
    }
}
