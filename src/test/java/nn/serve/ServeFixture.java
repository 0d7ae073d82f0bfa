package nn.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nn.cli.Main;

/** Trains iris models for the server tests and talks HTTP to a running server. */
final class ServeFixture {
    static final String[] COLUMNS = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ServeFixture() {
    }

    /** Trains configs/iris.yaml into {@code out/iris} with {@code seed} and {@code epochs}. */
    static Path train(Path out, int seed, int epochs) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        assertEquals(0, Main.run(new String[] {"configs/iris.yaml", "--output-dir", out.toString(), "-q",
                "--set", "seed=" + seed, "--set", "training.epochs=" + epochs}, sink, sink));
        return out.resolve("iris");
    }

    /** Row {@code i} of a deterministic spread of iris-like inputs. */
    static Map<String, Object> row(int i) {
        return Map.of(COLUMNS[0], 4.3 + i % 37 * 0.1, COLUMNS[1], 2.0 + i % 23 * 0.1, COLUMNS[2], 1.0 + i % 59 * 0.1,
                COLUMNS[3], 0.1 + i % 24 * 0.1);
    }

    static List<Map<String, Object>> rows(int from, int n) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(row(from + i));
        }
        return rows;
    }

    static String instances(List<Map<String, Object>> rows) {
        return Responses.JSON.createObjectNode().set("instances", Responses.JSON.valueToTree(rows)).toString();
    }

    static HttpResponse<String> post(int port, String path, String body, String type) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static HttpResponse<String> get(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
