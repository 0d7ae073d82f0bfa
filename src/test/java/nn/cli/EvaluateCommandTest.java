package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate} end to end: it must agree with the training report on the same test file. */
class EvaluateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path out;

    @BeforeAll
    static void train() {
        assertEquals(0, CliRun.of("configs/iris.yaml", "--output-dir", out.toString(), "-q").exitCode());
        assertEquals(0, CliRun.of("configs/diabetes.yaml", "--output-dir", out.toString(), "-q",
                "--set", "training.epochs=5").exitCode());
    }

    @Test
    void classificationMatchesTheTrainingReportsTestFigures() throws IOException {
        CliRun run = CliRun.of("evaluate", out.resolve("iris").toString(), "--data", "data/iris-test.csv", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode metrics = JSON.readTree(run.out());
        JsonNode test = JSON.readTree(out.resolve("iris/report.json").toFile()).get("test");
        assertEquals(test.get("accuracy").asDouble(), metrics.get("accuracy").asDouble());
        assertEquals(test.get("loss").asDouble(), metrics.get("loss").asDouble(), 1e-12);
        assertEquals(test.get("f1").asDouble(), metrics.get("f1").asDouble());
        assertEquals(test.get("confusionMatrix"), metrics.get("confusion"));
        assertEquals(36, metrics.get("rows").asInt());
        JsonNode setosa = metrics.get("classes").get("setosa");
        assertEquals(12, setosa.get("support").asInt(), metrics.toString());
        assertTrue(setosa.has("precision") && setosa.has("recall") && setosa.has("f1"));
    }

    @Test
    void plainTextShowsTheConfusionMatrix() {
        CliRun run = CliRun.of("evaluate", out.resolve("iris/model.nnm").toString(), "-d", "data/iris-test.csv");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("accuracy"), run.out());
        assertTrue(run.out().contains("confusion matrix (rows: true class, columns: predicted)"), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("virginica ")), run.out());
    }

    @Test
    void regressionReportsRmseMaeAndR2() throws IOException {
        CliRun run = CliRun.of("evaluate", out.resolve("diabetes").toString(), "--data", "data/diabetes-test.csv", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode metrics = JSON.readTree(run.out());
        JsonNode test = JSON.readTree(out.resolve("diabetes/report.json").toFile()).get("test");
        // Evaluation batches differ from training's, and a blocked product may round a row differently.
        assertEquals(test.get("rmse").asDouble(), metrics.get("rmse").asDouble(), 1e-6 * test.get("rmse").asDouble());
        assertEquals(test.get("mae").asDouble(), metrics.get("mae").asDouble(), 1e-6 * test.get("mae").asDouble());
        assertTrue(metrics.has("r2") && !metrics.has("accuracy"), metrics.toString());
    }

    @Test
    void aLabelUnseenInTrainingIsALocatedError() throws IOException {
        Path csv = out.resolve("odd.csv");
        Files.writeString(csv, "sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,daisy\n");
        CliRun run = CliRun.of("evaluate", out.resolve("iris").toString(), "--data", csv.toString());
        assertEquals(2, run.exitCode());
        assertEquals("nn: " + csv + ":2:5: label 'daisy' was not seen in the training data; the classes are "
                + "setosa, versicolor, virginica", run.err().strip());
    }

    @Test
    void anExplicitLabelColumnMustExist() {
        CliRun run = CliRun.of("evaluate", out.resolve("iris").toString(), "--data", "data/iris-test.csv",
                "--label", "colour");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no column named 'colour'"), run.err());
    }
}
