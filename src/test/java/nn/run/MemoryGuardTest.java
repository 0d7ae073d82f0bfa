package nn.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nn.compute.DeviceMemory;
import nn.config.ConfigLoader;
import nn.spec.ExperimentSpec;
import nn.spec.SpecException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard names the biggest of its four terms and the key to change. */
class MemoryGuardTest {
    private static final long MIB = 1 << 20;
    private static ConfigLoader loader;

    @BeforeAll
    static void openLoader() {
        loader = new ConfigLoader();
    }

    @AfterAll
    static void closeLoader() {
        loader.close();
    }

    private static ExperimentSpec spec(int units, int batch) {
        String yaml = """
                name: m
                network: { input: 10, layers: [ { units: %d, activation: relu }, { units: 1, activation: sigmoid } ] }
                loss: binary_crossentropy
                optimizer: { type: sgd, learning_rate: 0.1 }
                training: { epochs: 1, batch_size: %d }
                data: { train: { csv: x.csv } }
                """.formatted(units, batch);
        return loader.parse("m.yaml", yaml, Path.of("."), List.of()).spec();
    }

    private static SpecException refused(ExperimentSpec spec, long rows, long heap) {
        return assertThrows(SpecException.class, () -> new MemoryGuard(heap).check(spec, sizes(rows)));
    }

    private static RunFootprint.DataSizes sizes(long rows) {
        return new RunFootprint.DataSizes(rows, 0, 0, 10, 1, false);
    }

    @Test
    void smallRunFits() {
        new MemoryGuard(64 * MIB).check(spec(16, 32), sizes(1000));
    }

    @Test
    void hugeLayerBlamesTheParameters() {
        // 10·4M + 4M + 4M + 1 = 48,000,001 parameters × 3 floats (values, gradients, host copy) × 4 bytes
        // = 549.3 MiB; activations for one row 4,000,001 units × 3 + 4 batches of 11 floats, × 4 bytes
        // = 45.8 MiB; data 2 copies × 100 rows × 11 floats × 4 bytes: 595.1 MiB in all.
        SpecException e = refused(spec(4_000_000, 1), 100, 256 * MIB);
        assertEquals("network.layers", e.keyPath());
        assertEquals("the run needs about 595.1 MiB, most of it parameters and their gradients (549.3 MiB), but this JVM "
                + "may use 192.0 MiB (75% of its 256.0 MiB heap); expected fewer or smaller layers, or a larger heap "
                + "(java -Xmx...)", e.getMessage());
    }

    @Test
    void hugeBatchBlamesTheBatchSize() {
        assertEquals("training.batch_size", refused(spec(1000, 1_000_000), 1_000_000, 256 * MIB).keyPath());
    }

    @Test
    void hugeDataBlamesTheData() {
        assertEquals("data.train", refused(spec(16, 32), 100_000_000L, 256 * MIB).keyPath());
    }

    @Test
    void aDeviceWithASmallLargestBufferBlamesTheBiggestTermAndNamesTheDevice() {
        ExperimentSpec spec = spec(16, 32);
        // 1,000,000 rows × 11 floats × 4 bytes = 42 MiB of data, against a 16 MiB largest buffer.
        DeviceMemory device = new DeviceMemory("Test GPU", 1L << 30, 16 * MIB);
        SpecException e = assertThrows(SpecException.class, () -> MemoryGuard.checkDevice(spec, sizes(1_000_000), device));
        assertEquals("data.train", e.keyPath());
        assertTrue(e.getMessage().startsWith("the run needs about "), e.getMessage());
        assertTrue(e.getMessage().contains("on the OpenCL device 'Test GPU', most of it the data set (1000000 rows)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("its largest single buffer is 16.0 MiB"), e.getMessage());
        assertTrue(e.getMessage().endsWith("expected fewer rows, or device: java"), e.getMessage());
    }

    @Test
    void aDeviceWithLittleGlobalMemorySaysSo() {
        DeviceMemory device = new DeviceMemory("Small GPU", 64 * MIB, 64 * MIB);
        SpecException e = assertThrows(SpecException.class,
                () -> MemoryGuard.checkDevice(spec(1000, 1_000_000), sizes(1_000_000), device));
        assertEquals("training.batch_size", e.keyPath());
        assertTrue(e.getMessage().contains("it may hold 48.0 MiB (75% of its 64.0 MiB global memory)"), e.getMessage());
    }

    @Test
    void aRunThatFitsTheDeviceOrRunsOnTheHeapPasses() {
        MemoryGuard.checkDevice(spec(16, 32), sizes(1000), new DeviceMemory("Test GPU", 1L << 30, 256 * MIB));
        MemoryGuard.checkDevice(spec(16, 32), sizes(100_000_000L), null);
    }

    @Test
    void aCsvTooLargeForTheHeapIsRefusedBeforeItIsRead(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("a,b,c,y\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append("1.5,2.5,3.5,").append(i % 2).append('\n');
        }
        // A broken last row: reading the file would report it, so a refusal naming the size shows it was not read.
        csv.append("broken\n");
        Files.writeString(dir.resolve("big.csv"), csv);
        String yaml = """
                name: m
                network: { input: 3, layers: [ { units: 4, activation: relu }, { units: 1, activation: sigmoid } ] }
                loss: binary_crossentropy
                optimizer: { type: sgd, learning_rate: 0.1 }
                training: { epochs: 1, batch_size: 4 }
                data: { train: { csv: big.csv, label: y } }
                """;
        ExperimentSpec spec = loader.parse("m.yaml", yaml, dir, List.of()).spec();
        SpecException e = assertThrows(SpecException.class, () -> Experiments.prepare(spec, dir, new MemoryGuard(MIB)));
        assertEquals("data.train.csv", e.keyPath());
        String size = nn.network.Footprint.human(Files.size(dir.resolve("big.csv")));
        assertTrue(e.getMessage().matches("big\\.csv is " + java.util.regex.Pattern.quote(size) + " \\(about (19,9\\d\\d|20,0\\d\\d) rows.*"), e.getMessage());
        assertTrue(e.getMessage().contains("rows of 4 columns); reading the data takes about "), e.getMessage());
        assertTrue(e.getMessage().contains("but this JVM may use 768.0 KiB (75% of its 1.0 MiB heap, -Xmx)"),
                e.getMessage());
        // With room for it, the same file is read, and its broken row reported.
        assertThrows(nn.data.DataException.class, () -> Experiments.prepare(spec, dir, new MemoryGuard(256 * MIB)));
    }
}
