package nn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nn.io.ModelFile;
import nn.network.BatchNormLayer;
import nn.network.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped batch_norm config through every command: train, summary, explain, predict, evaluate, gradcheck. */
class BatchNormEndToEndTest {
    private static final String CONFIG = "configs/iris-batchnorm.yaml";

    @TempDir
    Path out;

    @Test
    void trainsSavesLoadsPredictsAndEvaluates() throws IOException {
        CliRun train = CliRun.of(CONFIG, "--output-dir", out.toString(), "-q");
        assertEquals(0, train.exitCode(), train.err());
        Path dir = out.resolve("iris-batchnorm");
        var report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertTrue(report.get("test").get("accuracy").asDouble() >= 0.9, report.toString());

        Network network = ModelFile.load(dir.resolve("model.nnm")).network();
        BatchNormLayer bn = (BatchNormLayer) network.layers().get(1);
        float[] fresh = BatchNormLayer.initial(16, 0.99f, 0.001f).movingVariance();
        // Training moved γ, β and the running statistics away from their initial values, and the file kept them.
        assertFalse(java.util.Arrays.equals(fresh, bn.movingVariance()), "running variance still at its start");
        assertFalse(java.util.Arrays.equals(fresh, bn.gamma()), "γ never trained");

        CliRun summary = CliRun.of("summary", dir.toString());
        assertEquals(0, summary.exitCode(), summary.err());
        assertTrue(summary.out().contains("batch_norm_2"), summary.out());

        CliRun explain = CliRun.of("explain", CONFIG);
        assertEquals(0, explain.exitCode(), explain.err());
        assertTrue(explain.out().contains("dgamma2") || explain.out().contains("dγ₂"), explain.out());

        CliRun predict = CliRun.of("predict", dir.toString(), "--input", "data/iris-test.csv");
        assertEquals(0, predict.exitCode(), predict.err());
        assertTrue(predict.out().contains("setosa") && predict.out().contains("virginica"), predict.out());

        CliRun evaluate = CliRun.of("evaluate", dir.toString(), "--data", "data/iris-test.csv", "--json");
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        double accuracy = new ObjectMapper().readTree(evaluate.out()).get("accuracy").asDouble();
        // evaluate scores with the running statistics, exactly as the run's own test evaluation did.
        assertEquals(report.get("test").get("accuracy").asDouble(), accuracy, 1e-12);
    }

    @Test
    void sameSeedSameWeights() throws IOException {
        assertEquals(0, CliRun.of(CONFIG, "--output-dir", out.toString(), "-q", "--set", "name=a",
                "--set", "training.epochs=3").exitCode());
        assertEquals(0, CliRun.of(CONFIG, "--output-dir", out.toString(), "-q", "--set", "name=b",
                "--set", "training.epochs=3").exitCode());
        BatchNormLayer a = (BatchNormLayer) ModelFile.load(out.resolve("a/model.nnm")).network().layers().get(1);
        BatchNormLayer b = (BatchNormLayer) ModelFile.load(out.resolve("b/model.nnm")).network().layers().get(1);
        assertArrayEquals(a.movingMean(), b.movingMean());
        assertArrayEquals(a.gamma(), b.gamma());
    }

    @Test
    void gradcheckPasses() {
        CliRun run = CliRun.of("gradcheck", CONFIG);
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("gamma2"), run.out());
        assertTrue(run.out().strip().endsWith("gradient check passed"), run.out());
    }

    @Test
    void keysOfTheOtherTypeAreConfigErrorsNamingTheKey() throws IOException {
        String yaml = Files.readString(Path.of(CONFIG)).replace("{ type: batch_norm }", "{ type: batch_norm, units: 4 }");
        Path bad = out.resolve("bad.yaml");
        Files.writeString(bad, yaml.replace("../data/", Path.of("data").toAbsolutePath() + "/"));
        CliRun run = CliRun.of("check", bad.toString());
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains(":14:34: ") && run.err().contains("network.layers[1].units: 'units' does not apply to a "
                + "batch_norm layer"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());

        Files.writeString(bad, yaml.replace("{ type: batch_norm, units: 4 }", "{ type: batch_norm, activation: relu }")
                .replace("../data/", Path.of("data").toAbsolutePath() + "/"));
        CliRun act = CliRun.of("check", bad.toString());
        assertEquals(2, act.exitCode(), act.err());
        assertTrue(act.err().contains("network.layers[1].activation: 'activation' does not apply"), act.err());

        Files.writeString(bad, yaml.replace("{ type: batch_norm, units: 4 }", "{ activation: relu }")
                .replace("../data/", Path.of("data").toAbsolutePath() + "/"));
        CliRun units = CliRun.of("check", bad.toString());
        assertEquals(2, units.exitCode(), units.err());
        assertTrue(units.err().contains("network.layers[1]: missing required key 'units'"), units.err());
    }
}
