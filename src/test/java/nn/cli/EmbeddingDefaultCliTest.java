package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import nn.data.ColumnEncoder;
import nn.io.ModelFile;
import nn.model.Model;
import nn.network.EmbeddingLayer;
import nn.serve.PredictionServer;
import nn.serve.ServeLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default path: a config that declares no column gets its 60-value {@code shop} column
 * embedded (over the default {@code embedding_above} of 50) and its 3-value {@code tier} column
 * one-hot, and the model works everywhere a one-hot model does: summary and check list it,
 * predict and evaluate (a file of more than one 8,192-row chunk, streamed), the Java API, nn
 * serve, and {@code --resume}.
 */
class EmbeddingDefaultCliTest {
    private static final int SHOPS = 60;

    @TempDir
    Path dir;

    static String rows(long seed, int count, boolean label) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder("shop,tier,size" + (label ? ",label" : "") + "\n");
        for (int i = 0; i < count; i++) {
            int shop = random.nextInt(SHOPS);
            csv.append("s").append(shop).append(",t").append(random.nextInt(3)).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", random.nextGaussian()));
            csv.append(label ? shop % 3 == 0 ? ",yes\n" : ",no\n" : "\n");
        }
        return csv.toString();
    }

    static Path config(Path dir, String name, int epochs) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), """
                name: %s
                seed: 5
                device: java
                loss: binary_crossentropy
                optimizer: { type: adam, learning_rate: 0.02 }
                training: { epochs: %d, batch_size: 32, checkpoint_every: 2 }
                network:
                  layers:
                    - { units: 16, activation: relu }
                    - { activation: sigmoid }
                data:
                  normalize: standard
                  train: { csv: train.csv, label: label }
                  test: { csv: test.csv, label: label }
                """.formatted(name, epochs));
    }

    @Test
    void undeclaredHighCardinalityColumnIsEmbeddedAndServedEverywhere() throws Exception {
        Files.writeString(dir.resolve("train.csv"), rows(1, 900, true));
        Files.writeString(dir.resolve("test.csv"), rows(2, 300, true));
        Path yaml = config(dir, "auto", 40);
        Path models = dir.resolve("models");
        CliRun train = CliRun.of(yaml.toString(), "--output-dir", models.toString(), "-q");
        assertEquals(0, train.exitCode(), train.err());
        Path model = models.resolve("auto");

        var saved = ModelFile.load(model.resolve(ModelFile.NAME));
        EmbeddingLayer embedding = (EmbeddingLayer) saved.network().layers().get(0);
        int dim = ColumnEncoder.defaultEmbedDim(SHOPS + 1);
        assertEquals(5, embedding.numeric(), "tier's 3 values + other, and size, pass through");
        assertEquals(SHOPS + 1, embedding.vocabularies()[0]);
        assertEquals(dim, embedding.dims()[0]);
        String listed = "embedding " + SHOPS + " categories + unknown, dim " + dim;
        for (CliRun shown : List.of(CliRun.of("summary", model.toString()), CliRun.of("check", yaml.toString()))) {
            assertEquals(0, shown.exitCode(), shown.err());
            assertTrue(shown.out().contains(listed), shown.out());
            assertTrue(shown.out().contains("one-hot"), shown.out());
        }

        // 9,000 rows: more than one chunk, so predict and evaluate stream the file through the preprocessing.
        StringBuilder many = new StringBuilder("shop,tier,size,label\n");
        List<String> test = Files.readAllLines(dir.resolve("test.csv"));
        for (int c = 0; c < 30; c++) {
            test.subList(1, test.size()).forEach(line -> many.append(line).append('\n'));
        }
        Path big = Files.writeString(dir.resolve("big.csv"), many);
        CliRun evaluate = CliRun.of("evaluate", model.toString(), "--data", big.toString(), "--json");
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        JsonNode scores = new ObjectMapper().readTree(evaluate.out());
        assertEquals(9000, scores.get("rows").asInt());
        assertTrue(scores.get("accuracy").asDouble() > 0.9, evaluate.out());
        CliRun predict = CliRun.of("predict", model.toString(), "-i", big.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        List<String> predicted = predict.out().lines().toList();
        assertEquals(9001, predicted.size());
        assertEquals(predicted.get(1), predicted.get(1 + 300), "the same row in another chunk, the same prediction");

        Path unseen = Files.writeString(dir.resolve("new.csv"), "shop,tier,size\ns3,t1,0.1\ns4,t9,0.1\nnowhere,,0\n");
        CliRun fresh = CliRun.of("predict", model.toString(), "-i", unseen.toString());
        assertEquals(0, fresh.exitCode(), fresh.err());
        List<String> lines = fresh.out().lines().toList();
        assertTrue(lines.get(1).startsWith("yes,") && lines.get(2).startsWith("no,"), fresh.out());

        try (Model loaded = Model.load(model)) {
            assertEquals("yes", loaded.predict(Map.of("shop", "s6", "tier", "t0", "size", 0.0)).label());
            assertEquals("no", loaded.predict(Map.of("shop", "s7", "tier", "t2", "size", 0.0)).label());
            String body = "{\"instances\": [{\"shop\": \"s6\", \"tier\": \"t0\", \"size\": 0.0},"
                    + " {\"shop\": \"never seen\", \"tier\": \"t0\", \"size\": 0.0}]}";
            JsonNode served = new ObjectMapper().readTree(serve(model, body)).get("predictions");
            assertEquals("yes", served.get(0).get("label").asText());
            assertEquals(loaded.predict(Map.of("shop", "never seen", "tier", "t0", "size", 0.0)).label(),
                    served.get(1).get("label").asText());
        }
    }

    private static String serve(Path model, String body) throws Exception {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        PredictionServer server = PredictionServer.start(List.of(model), "127.0.0.1", 0, ServeLimits.defaults(), sink);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                            + "/v1/models/auto:predict")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return response.body();
        } finally {
            server.close();
        }
    }

    /** The default embedding's table and Adam moments go through checkpoints: a resumed run ends where a whole one does. */
    @Test
    void resumedDefaultRunEndsWithTheUninterruptedTables() throws IOException {
        Files.writeString(dir.resolve("train.csv"), rows(1, 200, true));
        Files.writeString(dir.resolve("test.csv"), rows(2, 50, true));
        Path yaml = config(dir, "res", 4);
        Path whole = dir.resolve("whole");
        assertEquals(0, CliRun.of(yaml.toString(), "--output-dir", whole.toString(), "-q").exitCode());
        Path split = dir.resolve("split");
        CliRun first = CliRun.of(yaml.toString(), "--output-dir", split.toString(), "-q", "--set", "training.epochs=2");
        assertEquals(0, first.exitCode(), first.err());
        CliRun resumed = CliRun.of(yaml.toString(), "--output-dir", split.toString(), "-q", "--resume");
        assertEquals(0, resumed.exitCode(), resumed.err());
        var a = ModelFile.load(whole.resolve("res/model.nnm")).network();
        var b = ModelFile.load(split.resolve("res/model.nnm")).network();
        assertTrue(a.layers().get(0) instanceof EmbeddingLayer);
        assertEquals(a, b);
    }

    /** embedding_above above the cardinality keeps the column one-hot, as before the default changed. */
    @Test
    void embeddingAboveKeepsAColumnOneHot() throws IOException {
        Files.writeString(dir.resolve("train.csv"), rows(1, 200, true));
        Files.writeString(dir.resolve("test.csv"), rows(2, 50, true));
        Path yaml = config(dir, "onehot", 1);
        CliRun check = CliRun.of("check", yaml.toString(), "--set", "data.embedding_above=60");
        assertEquals(0, check.exitCode(), check.err());
        assertFalse(check.out().contains("embedding"), check.out());
        CliRun negative = CliRun.of("check", yaml.toString(), "--set", "data.embedding_above=-1");
        assertEquals(2, negative.exitCode(), negative.out());
        assertTrue(negative.err().contains("data.embedding_above"), negative.err());
        assertTrue(check.out().lines().anyMatch(l -> l.contains("shop") && l.contains("one-hot")),
                check.out());
    }
}
