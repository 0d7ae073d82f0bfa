package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import nn.compute.BackendChoice;
import nn.compute.DelegatingBackend;
import nn.compute.DeviceMemory;
import nn.compute.java.JavaBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code nn train} on a device too small for the run: refused before anything is allocated there,
 * exit 2, one line naming the config key of the biggest term at its line and column. The device is
 * a Java backend that reports a small OpenCL device's limits, swapped in through the opener seam.
 */
class DeviceMemoryGuardTest {
    @TempDir
    Path dir;

    @Test
    void aRunTooBigForTheDeviceExits2NamingTheBiggestTerm() throws IOException {
        Path yaml = dir.resolve("big.yaml");
        Files.writeString(yaml, """
                name: big
                device: gpu
                network:
                  input: 4
                  layers:
                    - { units: 20000, activation: relu }
                    - { units: 3, activation: softmax }
                loss: categorical_crossentropy
                optimizer: { type: adam, learning_rate: 0.01 }
                training: { epochs: 1, batch_size: 1 }
                data:
                  train: { csv: %s, label: species }
                """.formatted(Path.of("data/iris-train.csv").toAbsolutePath()));
        nn.run.DeviceFaults.Opener small = request -> new BackendChoice(new DelegatingBackend(new JavaBackend(1)) {
            @Override
            public DeviceMemory deviceMemory() {
                return new DeviceMemory("Tiny GPU", 1L << 30, 64 << 10);
            }
        }, "device: tiny (test)", true);
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == TrainCommand.class ? type.cast(new TrainCommand(small))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(new String[] {yaml.toString(), "--output-dir", dir.resolve("out").toString(), "-q"},
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                factory);
        String err = e.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCode.BAD_INPUT, code, err);
        assertTrue(err.contains("big.yaml:6:5: network.layers: the run needs about"), err);
        assertTrue(err.contains("on the OpenCL device 'Tiny GPU', most of it parameters and their gradients"), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(Files.notExists(dir.resolve("out/big/model.nnm")), "nothing trained");
    }
}
