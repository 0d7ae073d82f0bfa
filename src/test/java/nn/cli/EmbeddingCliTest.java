package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import nn.io.ModelFile;
import nn.model.Model;
import nn.network.EmbeddingLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV with a 60-value column ({@code shop}, whose index mod 3 decides the class) trains through
 * {@code encoding: embedding}, saves, loads back, predicts (an unseen shop too) and evaluates.
 * A one-hot of the same column under the default max_categories would also fit, so the test
 * pins what embedding must give: the layer in the saved model, its table shape, the summary line
 * and an accuracy above 0.9 on held-out rows of the same shops.
 */
class EmbeddingCliTest {
    private static final int SHOPS = 60;

    @TempDir
    Path dir;

    private static String rows(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder("shop,size,label\n");
        for (int i = 0; i < count; i++) {
            int shop = random.nextInt(SHOPS);
            csv.append("s").append(shop).append(',').append(String.format(Locale.ROOT, "%.3f", random.nextGaussian()))
                    .append(',').append(shop % 3 == 0 ? "yes" : "no").append('\n');
        }
        return csv.toString();
    }

    @Test
    void highCardinalityColumnTrainsThroughAnEmbedding() throws IOException {
        Files.writeString(dir.resolve("train.csv"), rows(1, 900));
        Files.writeString(dir.resolve("test.csv"), rows(2, 300));
        Path yaml = Files.writeString(dir.resolve("run.yaml"), """
                name: emb
                device: java
                loss: binary_crossentropy
                optimizer: { type: adam, learning_rate: 0.02 }
                training: { epochs: 40, batch_size: 32 }
                network:
                  layers:
                    - { units: 16, activation: relu }
                    - { activation: sigmoid }
                data:
                  normalize: standard
                  train: { csv: train.csv, label: label }
                  test: { csv: test.csv, label: label }
                  features:
                    shop: { encoding: embedding, dim: 4 }
                """);
        Path models = dir.resolve("models");
        CliRun train = CliRun.of(yaml.toString(), "--output-dir", models.toString(), "-q");
        assertEquals(0, train.exitCode(), train.err());

        var saved = ModelFile.load(models.resolve("emb/model.nnm"));
        EmbeddingLayer embedding = (EmbeddingLayer) saved.network().layers().get(0);
        assertEquals(1, embedding.numeric(), "size passes through");
        assertEquals(List.of(SHOPS + 1), List.of(embedding.vocabularies()[0]), "60 shops + id 0");
        assertEquals(4, embedding.dims()[0]);
        assertEquals(5, saved.network().layers().get(1).inputs(), "size + a 4-wide vector");

        CliRun summary = CliRun.of("summary", models.resolve("emb").toString());
        assertEquals(0, summary.exitCode(), summary.err());
        assertTrue(summary.out().contains("embedding"), summary.out());
        assertTrue(summary.out().contains("embedding 60 categories + unknown, dim 4"), summary.out());

        CliRun fromConfig = CliRun.of("summary", yaml.toString());
        assertEquals(0, fromConfig.exitCode(), fromConfig.err());
        assertTrue(fromConfig.out().contains("embedding"), "a config's summary shows the layer too: " + fromConfig.out());
        CliRun check = CliRun.of("check", yaml.toString());
        assertEquals(0, check.exitCode(), check.err());
        assertTrue(check.out().contains("embedding 60 categories + unknown, dim 4"), check.out());

        CliRun explain = CliRun.of("explain", models.resolve("emb").toString(), "--unicode");
        assertEquals(0, explain.exitCode(), explain.err());
        assertTrue(explain.out().contains("E1[id1]") && explain.out().contains("E1 61×4"), explain.out());

        CliRun evaluate = CliRun.of("evaluate", models.resolve("emb").toString(), "--data",
                dir.resolve("test.csv").toString(), "--json");
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        double accuracy = Double.parseDouble(evaluate.out().replaceAll("(?s).*\"accuracy\":([0-9.]+).*", "$1"));
        assertTrue(accuracy > 0.9, evaluate.out());

        Path input = Files.writeString(dir.resolve("new.csv"), "shop,size\ns3,0.1\ns4,0.1\nnowhere,0\n");
        CliRun predict = CliRun.of("predict", models.resolve("emb").toString(), "-i", input.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        List<String> lines = predict.out().lines().toList();
        assertEquals(4, lines.size(), predict.out());
        assertTrue(lines.get(1).startsWith("yes,"), predict.out());
        assertTrue(lines.get(2).startsWith("no,"), predict.out());

        try (Model model = Model.load(models.resolve("emb"))) {
            assertEquals("yes", model.predict(Map.of("shop", "s6", "size", 0.0)).label());
            assertEquals("no", model.predict(Map.of("shop", "s7", "size", 0.0)).label());
            assertEquals(2, model.predict(Map.of("shop", "never seen", "size", 1.0)).probabilities().length);
        }
    }

    @Test
    void dimWithoutEmbeddingIsAConfigError() throws IOException {
        Files.writeString(dir.resolve("train.csv"), rows(1, 50));
        Path yaml = Files.writeString(dir.resolve("bad.yaml"), """
                name: bad
                loss: binary_crossentropy
                optimizer: { type: sgd, learning_rate: 0.1 }
                training: { epochs: 1, batch_size: 8 }
                network: { layers: [ { activation: sigmoid } ] }
                data:
                  train: { csv: train.csv, label: label }
                  features: { shop: { encoding: one_hot, dim: 4 } }
                """);
        CliRun check = CliRun.of("check", yaml.toString());
        assertEquals(2, check.exitCode(), check.err());
        assertTrue(check.err().contains("data.features.shop.dim") && check.err().contains("encoding: embedding"),
                check.err());
    }

    /** The tables and their Adam moments go through checkpoints: a resumed run ends bitwise where an uninterrupted one does. */
    @Test
    void resumedRunEndsWithTheUninterruptedTables() throws IOException {
        Files.writeString(dir.resolve("train.csv"), rows(1, 200));
        Path yaml = Files.writeString(dir.resolve("res.yaml"), """
                name: res
                seed: 3
                device: java
                loss: binary_crossentropy
                optimizer: { type: adam, learning_rate: 0.02 }
                training: { epochs: 4, batch_size: 32, checkpoint_every: 2 }
                network:
                  input: 2
                  layers:
                    - { units: 8, activation: relu, dropout: 0.1 }
                    - { units: 1, activation: sigmoid }
                data:
                  train: { csv: train.csv, label: label }
                  features:
                    shop: { encoding: embedding }
                """);
        Path whole = dir.resolve("whole");
        assertEquals(0, CliRun.of(yaml.toString(), "--output-dir", whole.toString(), "-q").exitCode());
        Path split = dir.resolve("split");
        CliRun first = CliRun.of(yaml.toString(), "--output-dir", split.toString(), "-q", "--set", "training.epochs=2");
        assertEquals(0, first.exitCode(), first.err());
        CliRun resumed = CliRun.of(yaml.toString(), "--output-dir", split.toString(), "-q", "--resume");
        assertEquals(0, resumed.exitCode(), resumed.err());
        var a = ModelFile.load(whole.resolve("res/model.nnm")).network();
        var b = ModelFile.load(split.resolve("res/model.nnm")).network();
        assertEquals(a.layers().get(0), b.layers().get(0), "embedding tables");
        assertEquals(a, b);
    }
}
