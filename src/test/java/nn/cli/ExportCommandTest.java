package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nn.io.onnx.proto.OnnxProto.ModelProto;
import nn.io.onnx.proto.OnnxProto.ValueInfoProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nn export}: writes the file, and refuses bad requests with one line and exit 2. */
class ExportCommandTest {
    @TempDir
    Path dir;

    private Path train(String yaml) throws Exception {
        Path config = Files.writeString(dir.resolve("run.yaml"), yaml);
        CliRun run = CliRun.of(config.toString(), "--output-dir", dir.resolve("models").toString(), "-q");
        assertEquals(0, run.exitCode(), run.err());
        return dir.resolve("models/m");
    }

    private static final String XOR = """
            name: m
            device: java
            network: { input: 2, layers: [ { units: 3, activation: %s }, { units: 1, activation: sigmoid } ] }
            loss: binary_crossentropy
            optimizer: { type: sgd, learning_rate: 0.5 }
            training: { epochs: 2, batch_size: 4 }
            data: { train: { inline: [[0,0,0],[0,1,1],[1,0,1],[1,1,0]] } }
            """;

    @Test
    void writesAnOnnxFileWithTheFixedOutputs() throws Exception {
        Path model = train(XOR.formatted("tanh"));
        Path file = dir.resolve("xor.onnx");
        CliRun run = CliRun.of("export", model.toString(), "--format", "onnx", "-o", file.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("nn: wrote " + file), run.err());
        ModelProto onnx = ModelProto.parseFrom(Files.readAllBytes(file));
        assertEquals(13, onnx.getOpsetImport(0).getVersion());
        assertEquals(List.of("label", "probabilities"), onnx.getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList());
        assertEquals(2, onnx.getGraph().getInputCount(), "one input per feature column");
    }

    @Test
    void aCustomActivationIsRefusedInOneLine() throws Exception {
        Path model = train(XOR.formatted("swish"));
        Path file = dir.resolve("x.onnx");
        CliRun run = CliRun.of("export", model.toString(), "-o", file.toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("custom Java activation 'swish'"), run.err());
        assertFalse(Files.exists(file));
    }

    @Test
    void badArgumentsExitTwo() throws Exception {
        Path model = train(XOR.formatted("relu"));
        for (String[] args : List.of(new String[] {"export", model.toString(), "-o", dir.toString()},
                new String[] {"export", dir.resolve("nothing").toString(), "-o", dir.resolve("a.onnx").toString()},
                new String[] {"export", model.toString(), "--format", "tflite", "-o", dir.resolve("a.onnx").toString()},
                new String[] {"export", model.toString()})) {
            CliRun run = CliRun.of(args);
            assertEquals(ExitCode.BAD_INPUT, run.exitCode(), String.join(" ", args) + ": " + run.err());
            assertFalse(run.err().contains("Exception"), run.err());
        }
    }
}
