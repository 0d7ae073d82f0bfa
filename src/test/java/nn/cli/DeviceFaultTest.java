package nn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nn.compute.BackendChoice;
import nn.compute.FailingBackend;
import nn.compute.java.JavaBackend;
import nn.io.Checkpoints;
import nn.run.DeviceFaults;
import nn.io.ModelFile;
import nn.network.DenseLayer;
import nn.network.Network;
import nn.train.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A device failing mid-run through {@code nn train}, simulated by {@link FailingBackend} swapped in
 * through a {@link TrainCommand} made with a failing {@link DeviceFaults.Opener}: {@code auto} falls back to Java and ends with the weights of
 * an uninterrupted run; {@code gpu} exits 2 with one line naming a checkpoint that resumes to them.
 */
class DeviceFaultTest {
    /** Past the first epochs of the run below (8 batches an epoch, 4 or 5 gemms a batch), before its end. */
    private static final int FAIL_AT = 130;

    @TempDir
    Path dir;

    /** How the next train command opens its backend: the real devices, or one that fails. */
    private DeviceFaults.Opener opener = nn.compute.Devices::open;

    private void failAfter(int gemms) {
        opener = request -> new BackendChoice(
                new FailingBackend(new JavaBackend(request.threads()), gemms), "device: faulty-java (test)", true);
    }

    /** No checkpoint_every: the snapshot of the last epoch must not depend on checkpointing. */
    private Path config(String device) throws IOException {
        Path data = Path.of("data/iris-train.csv").toAbsolutePath();
        Path yaml = dir.resolve(device + ".yaml");
        Files.writeString(yaml, """
                name: faulty
                seed: 11
                device: %s
                network:
                  input: 4
                  layers:
                    - { units: 16, activation: relu, dropout: 0.2 }
                    - { units: 3, activation: softmax }
                loss: categorical_crossentropy
                optimizer: { type: adam, learning_rate: 0.01 }
                training:
                  epochs: 6
                  batch_size: 16
                data:
                  train: { csv: %s, label: species }
                  normalize: standard
                """.formatted(device, data));
        return yaml;
    }

    private CliRun train(String device, Path out, String... more) throws IOException {
        String[] args = new String[4 + more.length];
        args[0] = config(device).toString();
        args[1] = "--output-dir";
        args[2] = out.toString();
        args[3] = "-q";
        System.arraycopy(more, 0, args, 4, more.length);
        DeviceFaults.Opener open = opener;
        opener = nn.compute.Devices::open; // the fault is for this one run
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == TrainCommand.class ? type.cast(new TrainCommand(open)) : CommandLine.defaultFactory().create(type);
            }
        };
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                factory);
        return new CliRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    private Network uninterrupted() throws IOException {
        CliRun whole = train("java", dir.resolve("whole"));
        assertEquals(0, whole.exitCode(), whole.err());
        return ModelFile.load(dir.resolve("whole/faulty/model.nnm")).network();
    }

    private static void assertSameWeights(Network expected, Network actual) {
        for (int i = 0; i < expected.layers().size(); i++) {
            DenseLayer e = expected.dense(i);
            DenseLayer a = actual.dense(i);
            assertArrayEquals(e.weights(), a.weights(), "layer " + (i + 1) + " weights");
            assertArrayEquals(e.biases(), a.biases(), "layer " + (i + 1) + " biases");
        }
    }

    @Test
    void autoFallsBackToJavaAndEndsWithTheUninterruptedWeights() throws IOException {
        Network expected = uninterrupted();
        failAfter(FAIL_AT);
        Path out = dir.resolve("auto");
        CliRun run = train("auto", out);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().matches("(?s)nn: warning: device faulty-java failed during training: simulated OpenCL "
                + "failure.*; continuing on the Java backend from epoch [1-5]\\R"), run.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("faulty/report.json").toFile());
        assertTrue(report.get("fallback").asBoolean(), report.toString());
        var model = ModelFile.load(out.resolve("faulty/model.nnm"));
        assertSameWeights(expected, model.network());
        assertEquals("java", model.provenance().device(), "the model names the backend that finished it");
        assertEquals(Files.readString(dir.resolve("whole/faulty/metrics.csv")),
                Files.readString(out.resolve("faulty/metrics.csv")));
    }

    @Test
    void gpuExitsTwoNamingACheckpointThatResumesToTheUninterruptedWeights() throws IOException {
        Network expected = uninterrupted();
        failAfter(FAIL_AT);
        Path out = dir.resolve("gpu");
        CliRun run = train("gpu", out);
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        Matcher saved = Pattern.compile("epoch (\\d) saved to (\\S+) \\(continue with --resume").matcher(run.err());
        assertTrue(saved.find(), run.err());
        Path checkpoint = Path.of(saved.group(2));
        assertEquals(out.resolve("faulty/checkpoints/epoch-000" + saved.group(1)), checkpoint);
        TrainingState state = Checkpoints.load(Checkpoints.newest(out.resolve("faulty")).orElseThrow());
        assertEquals(Integer.parseInt(saved.group(1)), state.epoch());

        CliRun resumed = train("gpu", out, "--resume", "--set", "device=java");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertSameWeights(expected, ModelFile.load(out.resolve("faulty/model.nnm")).network());
    }

    @Test
    void aFailureBeforeTheFirstEpochEndsSavesTheInitialState() throws IOException {
        failAfter(1);
        Path out = dir.resolve("early");
        CliRun run = train("opencl", out);
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("epoch 0 saved to " + out.resolve("faulty/checkpoints/epoch-0000")), run.err());
    }
}
