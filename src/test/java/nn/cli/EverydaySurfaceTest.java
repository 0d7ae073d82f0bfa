package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluate and predict on data that would give a meaningless success (a missing label column,
 * a finite but huge feature), their --json output, and one-line "did you mean" for typos.
 */
class EverydaySurfaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path out;

    @BeforeAll
    static void train() {
        assertEquals(0, CliRun.of("configs/iris.yaml", "--output-dir", out.toString(), "-q", "--set", "training.epochs=5").exitCode());
        assertEquals(0, CliRun.of("configs/diabetes.yaml", "--output-dir", out.toString(), "-q",
                "--set", "training.epochs=2").exitCode());
    }

    /** data/NAME-test.csv with {@code edit} applied to each data line (not the header). */
    private static Path edited(String name, java.util.function.UnaryOperator<String> header,
                               java.util.function.UnaryOperator<String> row) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("data/" + name + "-test.csv"));
        Path file = out.resolve(name + "-" + System.nanoTime() + ".csv");
        Files.write(file, java.util.stream.Stream.concat(java.util.stream.Stream.of(header.apply(lines.get(0))),
                lines.stream().skip(1).map(row)).collect(Collectors.toList()));
        return file;
    }

    private static String withoutLastColumn(String line) {
        return line.substring(0, line.lastIndexOf(','));
    }

    @Test
    void evaluateWithoutTheLabelColumnIsBadInputNamingIt() throws IOException {
        Path noLabel = edited("diabetes", EverydaySurfaceTest::withoutLastColumn, EverydaySurfaceTest::withoutLastColumn);
        CliRun run = CliRun.of("evaluate", out.resolve("diabetes").toString(), "--data", noLabel.toString());
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("missing label column 'progression'"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @Test
    void aHugeFeatureIsAnErrorNotNanScoredAsSuccess() throws IOException {
        Path huge = edited("iris", h -> h, l -> l.startsWith("4.8,3.0,1.4,0.3") ? "3e38" + l.substring(3) : l);
        CliRun evaluate = CliRun.of("evaluate", out.resolve("iris").toString(), "--data", huge.toString(), "--json");
        assertEquals(2, evaluate.exitCode(), evaluate.out() + evaluate.err());
        assertTrue(evaluate.err().contains("not finite") && evaluate.err().contains("'sepal_length' = 3.00000e+38 on line 2"),
                evaluate.err());
        assertEquals("", evaluate.out());
        CliRun predict = CliRun.of("predict", out.resolve("iris").toString(), "--input", huge.toString());
        assertEquals(2, predict.exitCode(), predict.out() + predict.err());
        assertTrue(predict.err().contains(huge + ":2: the model's output for this row is NaN"), predict.err());
    }

    @Test
    void jsonMeansStandardOutputIsOneJsonDocument() throws IOException {
        CliRun predict = CliRun.of("predict", out.resolve("iris").toString(), "--input", "data/iris-test.csv", "--json");
        assertEquals(0, predict.exitCode(), predict.err());
        JsonNode doc = JSON.readTree(predict.out());
        assertEquals(36, doc.get("predictions").size(), predict.out());
        JsonNode first = doc.get("predictions").get(0);
        assertTrue(first.get("prediction").isTextual() && first.get("probabilities").has("setosa"), first.toString());
        assertEquals("", predict.err());
        CliRun regression = CliRun.of("predict", out.resolve("diabetes").toString(), "-i", "data/diabetes-test.csv", "--json");
        assertTrue(JSON.readTree(regression.out()).get("predictions").get(0).get("prediction").isNumber(), regression.out());
        CliRun evaluate = CliRun.of("evaluate", out.resolve("iris").toString(), "--data", "data/iris-test.csv", "--json");
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        assertTrue(JSON.readTree(evaluate.out()).has("accuracy"), evaluate.out());
        assertEquals(1, evaluate.out().strip().lines().count(), evaluate.out());
    }

    @Test
    void aTypoedSubcommandOrOptionGetsOneLineDidYouMean() {
        CliRun command = CliRun.of("evalute", out.resolve("iris").toString(), "--data", "data/iris-test.csv");
        assertEquals(2, command.exitCode());
        assertEquals("nn: unknown command 'evalute'; did you mean 'evaluate'? ('nn --help' lists the commands)",
                command.err().strip());
        CliRun option = CliRun.of("evaluate", out.resolve("iris").toString(), "--data", "data/iris-test.csv", "--jsn");
        assertEquals(2, option.exitCode());
        assertEquals("nn: unknown option '--jsn' for 'nn evaluate'; did you mean '--json'? ('nn evaluate --help' lists "
                + "its options)", option.err().strip());
        CliRun train = CliRun.of("configs/xor.yaml", "--ouput-dir", out.toString());
        assertEquals(2, train.exitCode());
        assertTrue(train.err().strip().startsWith("nn: unknown option '--ouput-dir' for 'nn train'; did you mean '--output-dir'?"),
                train.err());
        assertEquals(1, train.err().strip().lines().count(), train.err());
        // A config file's name is never mistaken for a typo, even when close to a command's.
        CliRun config = CliRun.of("bench.yaml");
        assertTrue(!config.err().contains("did you mean"), config.err());
    }
}
