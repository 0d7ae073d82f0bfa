package nn.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import nn.model.Model;
import nn.model.Prediction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Micro-batching, reload under load, and the 64-client load test, against Model.predict's numbers. */
class ServeConcurrencyTest {
    @TempDir
    static Path out;
    static Path first;
    static Path second;

    @BeforeAll
    static void train() {
        first = ServeFixture.train(out.resolve("a"), 42, 60);
        second = ServeFixture.train(out.resolve("b"), 7, 20);
    }

    /** Model.predict's answers for the rows, as the server's JSON writes them. */
    static String expected(Path dir, List<Map<String, Object>> rows) {
        try (Model model = Model.load(dir)) {
            List<Prediction> p = rows.stream().map(model::predict).toList();
            return new String(Responses.predictions(p, model.classNames()), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void batchedAnswersEqualUnbatchedOnes() throws Exception {
        Path dir = copy(first, out.resolve("batch/iris"));
        ServeLimits batching = new ServeLimits(16, 1 << 20, 1000, 5000, 64, 20, 1024);
        try (PredictionServer server = start(dir, batching); Model model = Model.load(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        List<Map<String, Object>> rows = ServeFixture.rows(client * 100 + i * 3, 3);
                        var r = ServeFixture.post(server.port(), "/v1/models/iris:predict", ServeFixture.instances(rows),
                                "application/json");
                        assertEquals(200, r.statusCode(), r.body());
                        var got = Responses.JSON.readTree(r.body()).get("predictions");
                        for (int k = 0; k < 3; k++) {
                            Prediction p = model.predict(rows.get(k));
                            assertEquals(p.label(), got.get(k).get("label").asText());
                            for (int j = 0; j < 3; j++) {
                                assertEquals(p.probabilities()[j],
                                        got.get(k).get("probabilities").get(model.classNames().get(j)).asDouble(), 1e-6);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        }
    }

    @Test
    void reloadUnder16ClientsDropsNothingAndMixesNothing() throws Exception {
        Path dir = copy(first, out.resolve("reload/iris"));
        List<Map<String, Object>> rows = ServeFixture.rows(0, 20);
        String oldAnswer = expected(first, rows);
        String newAnswer = expected(second, rows);
        assertTrue(!oldAnswer.equals(newAnswer), "the two models must differ for the test to mean anything");
        try (PredictionServer server = start(dir, ServeLimits.defaults())) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger olds = new AtomicInteger();
            AtomicInteger news = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> done = new ArrayList<>();
            String body = ServeFixture.instances(rows);
            for (int c = 0; c < 16; c++) {
                done.add(pool.submit(() -> {
                    while (running.get()) {
                        var r = ServeFixture.post(server.port(), "/v1/models/iris:predict", body, "application/json");
                        assertEquals(200, r.statusCode(), r.body());
                        if (close(r.body(), oldAnswer)) {
                            olds.incrementAndGet();
                        } else {
                            assertTrue(close(r.body(), newAnswer), "neither the old nor the new model's answer: " + r.body());
                            news.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            long give = System.nanoTime() + 20_000_000_000L;
            while (olds.get() < 200 && System.nanoTime() < give && done.stream().noneMatch(Future::isDone)) {
                Thread.sleep(5);
            }
            copy(second, dir);
            server.reload();
            int after = news.get();
            Thread.sleep(300);
            running.set(false);
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertTrue(news.get() > after, "answers after the reload come from the new model");
        }
    }

    @Test
    void sixtyFourClientsTimesFiveHundredRequestsAllRight() throws Exception {
        Path dir = copy(first, out.resolve("load/iris"));
        int clients = 64;
        int requests = 500;
        String[] bodies = new String[50];
        String[] answers = new String[bodies.length];
        for (int i = 0; i < bodies.length; i++) {
            List<Map<String, Object>> rows = ServeFixture.rows(i * 7, 1 + i % 5);
            bodies[i] = ServeFixture.instances(rows);
            answers[i] = expected(dir, rows);
        }
        try (PredictionServer server = start(dir, ServeLimits.defaults())) {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    int right = 0;
                    for (int i = 0; i < requests; i++) {
                        int k = (client * 31 + i) % bodies.length;
                        var r = ServeFixture.post(server.port(), "/v1/models/iris:predict", bodies[k], "application/json");
                        assertEquals(200, r.statusCode(), r.body());
                        assertTrue(r.body().equals(answers[k]) || close(r.body(), answers[k]), r.body());
                        right++;
                    }
                    return right;
                }));
            }
            int right = 0;
            for (Future<Integer> f : done) {
                right += f.get();
            }
            pool.shutdown();
            assertEquals(clients * requests, right);
        }
    }

    @Test
    void stopFinishesRequestsInFlight() throws Exception {
        Path dir = copy(first, out.resolve("stop/iris"));
        // A long batching window keeps requests in flight when stop is called.
        ServeLimits slow = new ServeLimits(8, 1 << 20, 1000, 5000, 10_000, 1500, 1024);
        PredictionServer server = start(dir, slow);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> inFlight = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            inFlight.add(pool.submit(() -> ServeFixture.post(server.port(), "/v1/models/iris:predict",
                    ServeFixture.instances(ServeFixture.rows(0, 2)), "application/json").statusCode()));
        }
        long give = System.nanoTime() + 10_000_000_000L;
        while (server.inFlight() < 8 && System.nanoTime() < give) {
            Thread.sleep(5);
        }
        assertEquals(8, server.inFlight(), "all requests in flight before the stop");
        server.stop(5);
        for (Future<Integer> f : inFlight) {
            assertEquals(200, f.get());
        }
        pool.shutdown();
        assertTrue(Stream.of(1).allMatch(x -> {
            try (var s = new java.net.Socket("127.0.0.1", server.port())) {
                return false;
            } catch (java.io.IOException refused) {
                return true;
            }
        }), "the stopped server still accepts connections");
    }

    /** The same labels and every probability within 1e-6 (batches may round the last bits differently). */
    static boolean close(String got, String expected) throws Exception {
        var a = Responses.JSON.readTree(got).get("predictions");
        var b = Responses.JSON.readTree(expected).get("predictions");
        if (a == null || a.size() != b.size()) {
            return false;
        }
        for (int r = 0; r < a.size(); r++) {
            if (!a.get(r).get("label").equals(b.get(r).get("label"))) {
                return false;
            }
            for (var it = b.get(r).get("probabilities").fields(); it.hasNext();) {
                var e = it.next();
                if (Math.abs(a.get(r).get("probabilities").get(e.getKey()).asDouble() - e.getValue().asDouble()) > 1e-6) {
                    return false;
                }
            }
        }
        return true;
    }

    private static PredictionServer start(Path dir, ServeLimits limits) throws Exception {
        return PredictionServer.start(List.of(dir), "127.0.0.1", 0, limits, new PrintStream(new ByteArrayOutputStream()));
    }

    private static Path copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                // Written beside and moved into place, as a retrained model lands atomically.
                Path tmp = to.resolve(f.getFileName() + ".tmp");
                Files.copy(f, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return to;
    }
}
