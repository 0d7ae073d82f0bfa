package nn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nn.io.Checkpoints;
import nn.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to the launcher, as {@code kill}, {@code timeout} and service managers send it, in a real
 * parent JVM that relaunches a child: the child saves as on Ctrl-C, the parent waits for it, and
 * the command exits 143. On a retrain the previous complete model stays the folder's model.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class TerminateTest {
    @TempDir
    Path out;

    @Test
    void sigtermToTheLauncherSavesLikeCtrlCAndExits143() throws Exception {
        Result r = trainAndTerminate();
        assertEquals(ExitCode.TERMINATED, r.code(), r.output());
        assertTrue(r.output().contains("interrupted after epoch"), r.output());
        Path model = out.resolve("iris");
        var checkpoint = Checkpoints.newest(model).orElseThrow(() -> new AssertionError("no checkpoint:\n" + r.output()));
        assertEquals(4, ModelFile.load(checkpoint.dir().resolve(ModelFile.NAME)).network().inputs());
        assertEquals(4, ModelFile.load(model.resolve(ModelFile.NAME)).network().inputs());
    }

    @Test
    void anInterruptedRetrainKeepsThePreviousModel() throws Exception {
        CliRun first = CliRun.of("configs/iris.yaml", "--output-dir", out.toString(), "-q", "--set", "training.epochs=2");
        assertEquals(0, first.exitCode(), first.err());
        Path model = out.resolve("iris").resolve(ModelFile.NAME);
        byte[] before = Files.readAllBytes(model);
        byte[] config = Files.readAllBytes(out.resolve("iris/config.yaml"));
        Result r = trainAndTerminate();
        assertEquals(ExitCode.TERMINATED, r.code(), r.output());
        assertTrue(r.output().contains("kept the previous run's model.nnm"), r.output());
        assertFalse(r.output().contains("saved " + out.resolve("iris")), r.output());
        assertArrayEquals(before, Files.readAllBytes(model), "the previous model.nnm was replaced");
        assertArrayEquals(config, Files.readAllBytes(out.resolve("iris/config.yaml")), "config.yaml was replaced");
        assertTrue(Checkpoints.newest(out.resolve("iris")).isPresent(), "the interrupted run's state is lost:\n" + r.output());
    }

    private record Result(int code, String output) {
    }

    /** Trains iris "forever" in a launcher JVM (which relaunches), sends SIGTERM to the launcher only. */
    private Result trainAndTerminate() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "nn.cli.Main", "train", "configs/iris.yaml",
                "--output-dir", out.toString(), "--set", "training.epochs=10000000", "--log-every", "1",
                "--overwrite")); // a retrain replaces the folder's run; on an empty folder the flag changes nothing
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove(Relauncher.OPT_OUT_ENV);
        Process launcher = builder.start();
        StringBuffer output = new StringBuffer();
        BufferedReader reader = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null && !line.startsWith("epoch")) {
            output.append(line).append('\n');
        }
        assertTrue(line != null, "training never started:\n" + output);
        assertEquals(1, launcher.toHandle().descendants().count(), "no relaunched child to test the launcher with");
        Thread drain = new Thread(() -> reader.lines().filter(l -> !l.startsWith("epoch"))
                .forEach(l -> output.append(l).append('\n')));
        drain.start();
        assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(launcher.pid())).start().waitFor());
        if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
            launcher.destroyForcibly();
            throw new AssertionError("the run did not stop within 60 s of SIGTERM:\n" + output);
        }
        drain.join(10_000);
        return new Result(launcher.exitValue(), output.toString());
    }
}
