package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nn.io.Checkpoints;
import nn.io.ModelFile;
import nn.train.TrainingState;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C in a real JVM: the run stops after the current batch, saves a checkpoint and the model, exits 130. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class InterruptTest {
    @TempDir
    Path out;

    @Test
    void sigintSavesACheckpointAndExits130() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "nn.cli.Main", "train", "configs/iris.yaml",
                "--output-dir", out.toString(), "--set", "training.epochs=10000000", "--log-every", "1");
        Assumptions.assumeFalse(InheritedSignals.ignored(InheritedSignals.SIGINT), "this JVM was started with SIGINT ignored, so its children are too");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null && !line.startsWith("epoch")) {
            output.append(line).append('\n');
        }
        assertTrue(line != null, "training never started:\n" + output);
        // Keep draining: a child blocked on a full pipe could not finish its epoch and stop.
        Thread drain = new Thread(() -> reader.lines().filter(l -> !l.startsWith("epoch"))
                .forEach(l -> output.append(l).append('\n')));
        drain.start();
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the run did not stop within 60 s of SIGINT:\n" + output);
        }
        drain.join(10_000);
        assertEquals(130, process.exitValue(), output.toString());
        assertTrue(output.toString().contains("interrupted after epoch"), output.toString());
        Path model = out.resolve("iris");
        var checkpoint = Checkpoints.newest(model).orElseThrow();
        TrainingState state = Checkpoints.load(checkpoint);
        assertEquals(state.history().size(), state.epoch());
        assertEquals(4, ModelFile.load(checkpoint.dir().resolve("model.nnm")).network().inputs());
        assertEquals(4, ModelFile.load(model.resolve("model.nnm")).network().inputs());
        assertTrue(Files.isRegularFile(model.resolve("report.json")) && Files.isRegularFile(model.resolve("training.png")));
    }
}
