package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nn.model.Model;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nn serve} as an operator runs it, in a launcher JVM that relaunches a child: SIGHUP to
 * the launcher's pid swaps in the retrained model while the server keeps answering, and SIGTERM
 * finishes a request in flight (its body still arriving), then exits 143 and stops listening.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class ServeSignalsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Object> ROW = Map.of("sepal_length", 5.9, "sepal_width", 3.0,
            "petal_length", 4.2, "petal_width", 1.5);
    private static final String BODY = "{\"instances\": [{\"sepal_length\": 5.9, \"sepal_width\": 3.0, "
            + "\"petal_length\": 4.2, \"petal_width\": 1.5}]}";

    @TempDir
    Path out;

    private Path train(int seed) {
        CliRun run = CliRun.of("configs/iris.yaml", "--output-dir", out.toString(), "-q", "--overwrite",
                "--set", "training.epochs=3", "--set", "seed=" + seed);
        assertEquals(0, run.exitCode(), run.err());
        return out.resolve("iris");
    }

    private static double[] expected(Path model) {
        try (Model m = Model.load(model)) {
            return m.predict(ROW).probabilities();
        }
    }

    @Test
    void sighupReloadsAndSigtermFinishesTheRequestInFlight() throws Exception {
        Assumptions.assumeFalse(InheritedSignals.ignored(InheritedSignals.SIGHUP),
                "this JVM was started with SIGHUP ignored (nohup), so its children are too");
        Path model = train(1);
        double[] before = expected(model);
        Path log = out.resolve("serve.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "nn.cli.Main", "serve", model.toString(), "--port", "0"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove(Relauncher.OPT_OUT_ENV);
        Process launcher = builder.start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
            String line = stdout.readLine();
            assertTrue(line != null && line.startsWith("serving iris on http://127.0.0.1:"), line + "\n" + Files.readString(log));
            int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).strip());
            assertClose(before, predict(port), "before the reload");

            double[] after = expected(train(2));
            assertTrue(Math.abs(after[0] - before[0]) > 1e-4, "the retrained model must answer differently");
            signal("HUP", launcher.pid());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // Served throughout: each answer is the old model's or the new one's, until the reload is logged.
            while (!Files.readString(log).contains("reloaded iris") && System.nanoTime() < deadline) {
                assertTrue(launcher.isAlive(), "SIGHUP stopped the server:\n" + Files.readString(log));
                double[] answer;
                try {
                    answer = predict(port);
                } catch (IOException e) {
                    throw new AssertionError("SIGHUP stopped the server: " + e + "\n" + Files.readString(log), e);
                }
                assertTrue(Math.abs(answer[0] - before[0]) < 1e-6 || Math.abs(answer[0] - after[0]) < 1e-6);
                Thread.sleep(50);
            }
            assertTrue(Files.readString(log).contains("reloaded iris"), Files.readString(log));
            assertClose(after, predict(port), "after SIGHUP");

            try (Socket socket = new Socket("127.0.0.1", port)) {
                byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
                OutputStream o = socket.getOutputStream();
                o.write(("POST /v1/models/iris:predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                o.write(body, 0, 10);
                o.flush();
                Thread.sleep(500);
                launcher.destroy(); // SIGTERM
                Thread.sleep(500);
                o.write(body, 10, body.length - 10);
                o.flush();
                String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(reply.startsWith("HTTP/1.1 200"), reply + "\n" + Files.readString(log));
            }
            assertTrue(launcher.waitFor(30, TimeUnit.SECONDS), "still running after SIGTERM");
            assertEquals(ExitCode.TERMINATED, launcher.exitValue(), Files.readString(log));
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        } finally {
            launcher.destroyForcibly();
        }
    }

    private static void signal(String name, long pid) throws IOException, InterruptedException {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor());
    }

    private static double[] predict(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/models/iris:predict")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode p = JSON.readTree(r.body()).get("predictions").get(0).get("probabilities");
        return new double[] {p.get("setosa").asDouble(), p.get("versicolor").asDouble(), p.get("virginica").asDouble()};
    }

    private static void assertClose(double[] want, double[] got, String when) {
        for (int j = 0; j < want.length; j++) {
            assertEquals(want[j], got[j], 1e-6, when + ", class " + j);
        }
    }
}
