package nn.compute.aparapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import nn.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI on an OpenCL device: the notice, report.json and {@code devices} name it. */
class OpenClCliTest {
    @TempDir
    Path temp;

    @Test
    void trainsXorOnOpenClAndSaysSo() throws Exception {
        try (AparapiBackend probe = OpenClTestDevice.open()) {
            // only to skip without OpenCL
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"train", "configs/xor.yaml", "--set", "device=opencl", "--set", "training.epochs=100",
                "-q", "--output-dir",
                temp.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(stdout.matches("(?s).*device: opencl:.+ \\(.+, OpenCL \\d+\\.\\d+\\).*"), stdout);
        assertTrue(stdout.contains("train: loss"), stdout);
        String report = Files.readString(temp.resolve("xor/report.json"));
        assertTrue(report.contains("\"device\" : \"opencl:"), report);
    }

    @Test
    void devicesListsTheOpenClDevice() {
        try (AparapiBackend probe = OpenClTestDevice.open()) {
            // only to skip without OpenCL
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"devices"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code);
        assertTrue(stdout.contains("platform: ") && stdout.contains("  [0] ") && stdout.contains("auto would pick: "), stdout);
    }
}
