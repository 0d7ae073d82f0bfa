package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nn.compute.Backend;
import nn.compute.Devices;
import nn.data.Dataset;
import nn.data.Datasets;
import nn.data.Tables;
import nn.io.ModelFile;
import nn.io.SavedModel;
import nn.train.Evaluation;
import nn.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} scores a file a chunk of rows at a time; the summed parts must give the
 * metrics of the whole table scored at once (regression: MSE, MAE and R², whose mean of the true
 * values spans the chunks; classification: accuracy and the confusion matrix).
 */
class ChunkedEvaluateTest {
    @TempDir
    Path dir;

    private JsonNode chunked(String config, String file, int copies, Path... scored) throws IOException {
        Path out = dir.resolve("models");
        CliRun trained = CliRun.of(config, "--output-dir", out.toString(), "-q", "--set", "device=java",
                "--set", "training.epochs=3", "--overwrite");
        assertEquals(0, trained.exitCode(), trained.err());
        List<String> lines = Files.readAllLines(Path.of(file));
        List<String> big = new ArrayList<>(List.of(lines.get(0)));
        for (int c = 0; c < copies; c++) {
            big.addAll(lines.subList(1, lines.size()));
        }
        Files.write(scored[0], big);
        CliRun run = CliRun.of("evaluate", out.toString() + "/" + Path.of(config).getFileName().toString()
                .replace(".yaml", ""), "--data", scored[0].toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        return new ObjectMapper().readTree(run.out());
    }

    private Evaluation whole(String name, Path file, String label) {
        SavedModel saved = ModelFile.load(dir.resolve("models").resolve(name).resolve(ModelFile.NAME));
        boolean oneHot = !saved.classNames().isEmpty() && saved.network().outputs() > 1;
        // The whole table through the saved preprocessing, reported in the label's units, as evaluate does.
        Dataset data = saved.normalizer().apply(nn.data.TabularData.build(Tables.csv(file, file.toString()), label,
                saved.preprocessing(), saved.classNames(), oneHot));
        try (Backend backend = Devices.host(1)) {
            return Trainer.evaluate(saved.network(), data, NetworkSource.loss(saved.config()), backend)
                    .inTargetUnits(saved.preprocessing().target().scale());
        }
    }

    @Test
    void regressionMetricsOfChunksAreThoseOfTheWholeFile() throws IOException {
        Path file = dir.resolve("diabetes-many.csv");
        // 30 copies of 332 rows: 9,960 rows, more than one chunk of 8,192.
        JsonNode parts = chunked("configs/diabetes.yaml", "data/diabetes-train.csv", 30, file);
        Evaluation e = whole("diabetes", file, "progression");
        assertEquals(e.rows(), parts.get("rows").asInt());
        assertEquals(e.loss(), parts.get("loss").asDouble(), 1e-6 * e.loss());
        assertEquals(e.regression().mae(), parts.get("mae").asDouble(), 1e-6 * e.regression().mae());
        assertEquals(e.regression().r2(), parts.get("r2").asDouble(), 1e-6);
        assertEquals(e.metric(), parts.get("rmse").asDouble(), 1e-6 * e.metric());
    }

    @Test
    void classificationMetricsOfChunksAreThoseOfTheWholeFile() throws IOException {
        Path file = dir.resolve("iris-many.csv");
        JsonNode parts = chunked("configs/iris.yaml", "data/iris-train.csv", 80, file);
        Evaluation e = whole("iris", file, "species");
        assertEquals(e.rows(), parts.get("rows").asInt());
        assertEquals(e.loss(), parts.get("loss").asDouble(), 1e-6 * e.loss());
        assertEquals(e.metric(), parts.get("accuracy").asDouble(), 1e-12);
        assertEquals(new ObjectMapper().valueToTree(e.confusion().counts()), parts.get("confusion"));
    }
}
