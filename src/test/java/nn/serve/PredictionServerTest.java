package nn.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nn.model.Model;
import nn.model.Prediction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serve contract on one iris model: answers equal Model.predict's, every bad request its status. */
class PredictionServerTest {
    @TempDir
    static Path out;
    static Path dir;
    static PredictionServer server;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        dir = ServeFixture.train(out, 42, 60);
        ServeLimits limits = new ServeLimits(4, 64 * 1024, 200, 400, 64, 2, 256);
        server = PredictionServer.start(List.of(dir), "127.0.0.1", 0, limits, new PrintStream(new ByteArrayOutputStream()));
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Responses.JSON.readTree(r.body());
    }

    @Test
    void rowAndColumnFormsGiveModelPredictNumbers() throws Exception {
        List<Map<String, Object>> rows = ServeFixture.rows(0, 30);
        HttpResponse<String> byRow = ServeFixture.post(port, "/v1/models/iris:predict", ServeFixture.instances(rows),
                "application/json");
        assertEquals(200, byRow.statusCode(), byRow.body());
        StringBuilder inputs = new StringBuilder("{\"inputs\": {");
        for (int c = 0; c < 4; c++) {
            String col = ServeFixture.COLUMNS[c];
            inputs.append(c == 0 ? "" : ",").append('"').append(col).append("\": ")
                    .append(Responses.JSON.writeValueAsString(rows.stream().map(r -> r.get(col)).toList()));
        }
        HttpResponse<String> byColumn = ServeFixture.post(port, "/v1/models/iris:predict", inputs + "}}",
                "application/json");
        assertEquals(byRow.body(), byColumn.body());
        JsonNode predictions = json(byRow).get("predictions");
        try (Model model = Model.load(dir)) {
            for (int r = 0; r < rows.size(); r++) {
                Prediction p = model.predict(rows.get(r));
                JsonNode got = predictions.get(r);
                assertEquals(p.label(), got.get("label").asText());
                for (int c = 0; c < 3; c++) {
                    assertEquals(p.probabilities()[c], got.get("probabilities").get(model.classNames().get(c)).asDouble(), 1e-6);
                }
            }
        }
    }

    @Test
    void metadataHealthAndReady() throws Exception {
        JsonNode meta = json(ServeFixture.get(port, "/v1/models/iris"));
        assertEquals("sepal_length", meta.get("features").get(0).get("name").asText());
        assertEquals("numeric", meta.get("features").get(0).get("type").asText());
        assertEquals("virginica", meta.get("classes").get(2).asText());
        assertEquals(42, meta.get("provenance").get("seed").asInt());
        assertEquals(200, ServeFixture.get(port, "/health").statusCode());
        assertEquals("ready", json(ServeFixture.get(port, "/ready")).get("status").asText());
    }

    @Test
    void badRequestsGetTheirStatusAndTheServerKeepsServing() throws Exception {
        String predict = "/v1/models/iris:predict";
        assertError(400, ServeFixture.post(port, predict, "{\"instances\": [", "application/json"));
        assertError(400, ServeFixture.post(port, predict, "{\"instances\": [{\"petal\": 1}]}", "application/json"));
        assertError(400, ServeFixture.post(port, predict, "{\"instances\": [{\"petal_width\": [1]}]}", "application/json"));
        assertError(400, ServeFixture.post(port, predict, "{\"instances\": [{\"petal_width\": \"wide\"}]}", "application/json"));
        assertError(400, ServeFixture.post(port, predict, "[1, 2]", "application/json"));
        assertError(415, ServeFixture.post(port, predict, "{}", "text/plain"));
        assertError(404, ServeFixture.post(port, "/v1/models/rose:predict", "{}", "application/json"));
        assertError(404, ServeFixture.get(port, "/v2/anything"));
        assertError(405, ServeFixture.get(port, predict));
        assertError(405, ServeFixture.post(port, "/health", "{}", "application/json"));
        assertError(413, ServeFixture.post(port, predict, ServeFixture.instances(ServeFixture.rows(0, 201)), "application/json"));
        String huge = "{\"instances\": [" + "{\"petal_width\": 1.0},".repeat(500_000) + "{}]}";
        assertError(413, ServeFixture.post(port, predict, huge, "application/json"));
        assertEquals(200, ServeFixture.post(port, predict, ServeFixture.instances(ServeFixture.rows(0, 1)),
                "application/json").statusCode());
    }

    private static void assertError(int status, HttpResponse<String> r) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(json(r).get("error").asText().length() > 3, r.body());
        assertTrue(!r.body().contains("at nn.") && !r.body().contains("Exception"), r.body());
    }

    /** What arrives before the server closes (a reset after the answer still leaves the answer). */
    private static String readUntilClosed(InputStream in) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        try {
            for (int n; (n = in.read(buffer)) >= 0;) {
                got.write(buffer, 0, n);
            }
        } catch (java.io.IOException reset) {
            // Closed with a reset: keep what was read.
        }
        return got.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void aSlowClientGets408AndDoesNotHoldTheWorkers() throws Exception {
        // As many stalled clients as workers: if they held their threads, the last request would never run.
        Socket[] slow = new Socket[4];
        for (int i = 0; i < slow.length; i++) {
            slow[i] = new Socket("127.0.0.1", port);
            OutputStream o = slow[i].getOutputStream();
            o.write(("POST /v1/models/iris:predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"instances\"").getBytes(StandardCharsets.US_ASCII));
            o.flush();
        }
        for (Socket s : slow) {
            s.setSoTimeout(20_000);
            String answer = readUntilClosed(s.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("{\"error\":"), answer);
            s.close();
        }
        assertEquals(200, ServeFixture.post(port, "/v1/models/iris:predict",
                ServeFixture.instances(ServeFixture.rows(0, 1)), "application/json").statusCode());
    }
}
