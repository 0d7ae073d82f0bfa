package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {
    @TempDir
    static Path out;

    @BeforeAll
    static void trainIris() {
        assertEquals(0, CliRun.of("configs/iris.yaml", "--output-dir", out.toString(), "-q").exitCode());
    }

    @Test
    void writesOnePredictionPerRowWithProbabilities() throws IOException {
        Path predictions = out.resolve("predictions.csv");
        CliRun run = CliRun.of("predict", out.resolve("iris").toString(), "--input", "data/iris-test.csv",
                "--output", predictions.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(predictions);
        List<String> truth = Files.readAllLines(Path.of("data/iris-test.csv"));
        assertEquals("prediction,p_setosa,p_versicolor,p_virginica", lines.get(0));
        assertEquals(truth.size(), lines.size());
        int correct = 0;
        for (int i = 1; i < lines.size(); i++) {
            String predicted = lines.get(i).split(",")[0];
            correct += truth.get(i).endsWith("," + predicted) ? 1 : 0;
        }
        assertTrue(correct >= 0.9 * (lines.size() - 1), correct + " correct");
    }

    @Test
    void readsStandardInputAndPicksColumnsByName() {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(
                    "id,petal_width,petal_length,sepal_width,sepal_length\n7,0.2,1.4,3.5,5.1\n".getBytes(StandardCharsets.UTF_8)));
            CliRun run = CliRun.of("predict", out.resolve("iris").toString());
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().split("\n")[1].startsWith("setosa,"), run.out());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void missingFeatureColumnIsBadInput() throws IOException {
        Path csv = out.resolve("short.csv");
        Files.writeString(csv, "sepal_length,sepal_width\n1,2\n");
        CliRun run = CliRun.of("predict", out.resolve("iris").toString(), "-i", csv.toString());
        assertEquals(2, run.exitCode());
        assertEquals("nn: " + csv + ":1:1: missing feature column 'petal_length' that the model was trained with; "
                + "the columns are sepal_length, sepal_width", run.err().strip());
    }
}
