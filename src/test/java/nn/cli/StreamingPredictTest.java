package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nn.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict} and {@code evaluate} stream rows in bounded memory (issue 13, item 9): a JVM with
 * a 64 MiB heap scores a CSV file larger than its heap (a wide ignored column makes it large with
 * few rows, so the test stays quick).
 */
class StreamingPredictTest {
    private static final int ROWS = 72_000;

    @TempDir
    Path dir;

    @Test
    void aFileLargerThanTheHeapIsPredictedAt64MiB() throws Exception {
        Path out = dir.resolve("models");
        CliRun trained = CliRun.of("configs/xor.yaml", "--output-dir", out.toString(), "-q", "--set", "device=java",
                "--set", "training.epochs=20");
        assertEquals(0, trained.exitCode(), trained.err());
        Path input = dir.resolve("big.csv");
        String padding = "p".repeat(1000);
        try (BufferedWriter w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            w.write("note,x2,x1\n");
            for (int i = 0; i < ROWS; i++) {
                w.write(padding + "," + (i % 2) + "," + (i / 2 % 2) + "\n");
            }
        }
        assertTrue(Files.size(input) > 64L << 20, "the file is larger than the heap");

        Path predictions = dir.resolve("p.csv");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "nn.cli.Main", "predict", out.resolve("xor").toString(), "-i", input.toString(), "-o",
                predictions.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
        builder.environment().put("NN_NO_RELAUNCH", "1");
        Process child = builder.start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "predict finished");
        assertEquals(0, child.exitValue(), Files.readString(dir.resolve("child.log")));

        try (Model model = Model.load(out.resolve("xor"))) {
            String[] expected = new String[4];
            for (int i = 0; i < 4; i++) {
                expected[i] = model.predict(new float[] {i / 2 % 2, i % 2}).label();
            }
            long rows = 0;
            try (BufferedReader r = Files.newBufferedReader(predictions)) {
                assertEquals("prediction,p_0,p_1", r.readLine());
                for (String line = r.readLine(); line != null; line = r.readLine(), rows++) {
                    assertEquals(expected[(int) (rows % 4)], line.substring(0, line.indexOf(',')), "row " + rows);
                }
            }
            assertEquals(ROWS, rows);
        }
        assertEquals(List.of(), List.of(dir.toFile().list((d, n) -> n.startsWith("."))), "no temp file left");
    }

    @Test
    void aFileLargerThanTheHeapIsEvaluatedAt64MiBAsItsRowsAre() throws Exception {
        Path out = dir.resolve("models");
        CliRun trained = CliRun.of("configs/xor.yaml", "--output-dir", out.toString(), "-q", "--set", "device=java",
                "--set", "training.epochs=20");
        assertEquals(0, trained.exitCode(), trained.err());
        String[] rows = {"0,0,0", "0,1,1", "1,0,1", "1,1,0"};
        Path small = dir.resolve("small.csv");
        Files.writeString(small, "note,x1,x2,label\n" + String.join("\n", List.of(rows).stream().map(r -> "n," + r)
                .toList()) + "\n");
        Path input = dir.resolve("big.csv");
        String padding = "p".repeat(1000);
        try (BufferedWriter w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            w.write("note,x1,x2,label\n");
            for (int i = 0; i < ROWS; i++) {
                w.write(padding + "," + rows[i % 4] + "\n");
            }
        }
        assertTrue(Files.size(input) > 64L << 20, "the file is larger than the heap");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "nn.cli.Main", "evaluate", out.resolve("xor").toString(), "--data", input.toString(), "--json")
                .redirectError(dir.resolve("child.err").toFile()).redirectOutput(dir.resolve("child.out").toFile());
        builder.environment().put("NN_NO_RELAUNCH", "1");
        Process child = builder.start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "evaluate finished");
        assertEquals(0, child.exitValue(), Files.readString(dir.resolve("child.err")));

        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var big = json.readTree(dir.resolve("child.out").toFile());
        CliRun whole = CliRun.of("evaluate", out.resolve("xor").toString(), "--data", small.toString(), "--json");
        assertEquals(0, whole.exitCode(), whole.err());
        var four = json.readTree(whole.out());
        assertEquals(ROWS, big.get("rows").asInt());
        assertEquals(four.get("loss").asDouble(), big.get("loss").asDouble(), 1e-5, "the mean loss of repeated rows");
        assertEquals(four.get("accuracy").asDouble(), big.get("accuracy").asDouble(), 1e-9);
    }
}
