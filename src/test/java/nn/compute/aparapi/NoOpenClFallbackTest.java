package nn.compute.aparapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI in a forked JVM whose OpenCL ICD loader finds no driver ({@code OCL_ICD_VENDORS} points
 * at an empty folder): {@code auto} trains on Java with a notice, {@code gpu} and {@code opencl}
 * exit 2 with one line and no stack trace, and {@code devices} says there is no OpenCL.
 */
class NoOpenClFallbackTest {
    @TempDir
    Path temp;

    private record Run(int exitCode, String out, String err) {
    }

    private Run cli(String... args) throws IOException, InterruptedException {
        Path vendors = Files.createDirectories(temp.resolve("no-vendors"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "nn.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("OCL_ICD_VENDORS", vendors.toString());
        pb.redirectOutput(temp.resolve("out.txt").toFile());
        pb.redirectError(temp.resolve("err.txt").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the forked CLI did not finish");
        return new Run(p.exitValue(), Files.readString(temp.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(temp.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private Run train(String device) throws IOException, InterruptedException {
        return cli("train", "configs/xor.yaml", "--set", "device=" + device, "--set", "training.epochs=5", "-q",
                "--output-dir", temp.resolve("models").toString());
    }

    @Test
    void autoFallsBackToJavaWithANotice() throws Exception {
        Run run = train("auto");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("device: java (") && run.out().contains("— no OpenCL GPU found"), run.out());
        assertFalse(run.err().contains("SEVERE"), "Aparapi's log reached the user: " + run.err());
        String report = Files.readString(temp.resolve("models/xor/report.json"));
        assertTrue(report.contains("\"device\" : \"java\""), report);
    }

    @Test
    void gpuAndOpenClFailWithOneLine() throws Exception {
        for (String device : List.of("gpu", "opencl")) {
            Run run = train(device);
            assertEquals(2, run.exitCode(), device + ": " + run.err());
            List<String> lines = run.err().lines().toList();
            assertEquals(1, lines.size(), device + ": " + run.err());
            assertTrue(lines.get(0).startsWith("nn: device '" + device + "' is not available"), lines.get(0));
        }
    }

    @Test
    void devicesSaysThereIsNoOpenCl() throws Exception {
        Run run = cli("devices");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("OpenCL: none"), run.out());
        assertTrue(run.out().contains("auto would pick: java"), run.out());
        assertEquals("", run.err());
    }
}
