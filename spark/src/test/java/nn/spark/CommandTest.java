package nn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nn-spark's command line: nn train's progress lines and --json; a bad cell met by an executor is bad input. */
class CommandTest {
    private static String config(Path dir, String validation) throws Exception {
        Path config = dir.resolve("iris.yaml");
        Files.writeString(config, "name: iris-cli\nseed: 3\n"
                + "network: { input: 4, layers: [ { units: 8, activation: tanh }, { units: 3, activation: softmax } ] }\n"
                + "loss: categorical_crossentropy\noptimizer: { type: adam, learning_rate: 0.02 }\n"
                + "training: { epochs: 4, batch_size: 16 }\n"
                + "data:\n  train: { csv: " + SparkTestSupport.data("iris-train.csv") + ", label: species }\n"
                + "  validation: { csv: " + validation + ", label: species }\n"
                + "distributed: { backend: spark, partitions: 2, read: executors, master: \""
                + SparkTestSupport.MASTER + "\" }\n");
        return config.toString();
    }

    @Test
    void jsonPutsOnlyTheReportOnStandardOutputAndTheProgressLinesOnStandardError(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = NnSpark.run(new String[] {config(dir, SparkTestSupport.data("iris-test.csv")), "--output-dir",
                dir.resolve("models").toString(), "--json", "--log-every", "2"}, new PrintWriter(out, true),
                new PrintWriter(err, true), SparkTestSupport.context());
        assertEquals(0, code, err.toString());
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertEquals("iris-cli", report.get("name").asText(), out.toString());
        assertEquals(2, report.get("distributed").get("partitions").asInt());
        // nn train's progress lines: the first epoch, every second, the last, with validation.
        assertEquals(2, err.toString().lines().filter(l -> l.matches("epoch [24]/4  loss .*val_loss .*")).count(),
                err.toString());
        assertTrue(err.toString().lines().anyMatch(l -> l.startsWith("epoch 1/4  loss ")), err.toString());
    }

    @Test
    void aLabelTheTrainingDataLacksInAnExecutorsFileIsOneLineOfBadInput(@TempDir Path dir) throws Exception {
        Path validation = dir.resolve("validation.csv");
        Files.writeString(validation, "sepal_length,sepal_width,petal_length,petal_width,species\n"
                + "5.1,3.5,1.4,0.2,setosa\n6.0,3.0,4.0,1.0,unicorn\n");
        StringWriter err = new StringWriter();
        int code = NnSpark.run(new String[] {config(dir, validation.toString()), "--output-dir",
                dir.resolve("models").toString(), "-q"}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                SparkTestSupport.context());
        assertEquals(2, code, err.toString());
        String message = err.toString().strip();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith(validation + " (split line "), message);
        assertTrue(message.contains(": label 'unicorn' was not seen in the training data; the classes are setosa, "), message);
    }
}
