package nn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits that ended in an OutOfMemoryError, a StackOverflowError or "internal error": one line, exit 2. */
class LimitsTest {
    @TempDir
    static Path out;

    @BeforeAll
    static void train() {
        assertEquals(0, CliRun.of("configs/xor.yaml", "-q", "--output-dir", out.toString(), "--set", "training.epochs=2").exitCode());
    }

    private static void badInput(CliRun run, String expected) {
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains(expected), run.err());
        assertTrue(!run.err().contains("\tat ") && run.err().strip().lines().count() <= 2, run.err());
    }

    @Test
    void threadsAbove1024() {
        badInput(CliRun.of("configs/xor.yaml", "-q", "--output-dir", out.toString(), "--threads", "5000"),
                "--threads must be between 1 and 1024, got 5000");
        badInput(CliRun.of("bench", "--workload", "w1", "--threads", "1025"), "--threads must be between 1 and 1024");
    }

    @Test
    void epochsNear2To31() {
        badInput(CliRun.of("configs/xor.yaml", "-q", "--output-dir", out.toString(), "--set", "training.epochs=2147483647"),
                "training.epochs");
    }

    @Test
    void aLearningRateThatIsZeroInFloat() {
        badInput(CliRun.of("configs/xor.yaml", "-q", "--output-dir", out.toString(), "--overwrite", "--set",
                        "optimizer.learning_rate=1e-50"),
                "is 0.0 in float32");
    }

    @Test
    void aKeyPathThousandsOfLevelsDeep() {
        badInput(CliRun.of("configs/xor.yaml", "-q", "--output-dir", out.toString(), "--set", "a.".repeat(5000) + "b=1"),
                "the key path is 5001 levels deep");
    }

    @Test
    void predictOutputThatIsAFolderOrTheModel() throws Exception {
        Path input = Files.writeString(out.resolve("rows.csv"), "x1,x2\n0,1\n");
        badInput(CliRun.of("predict", out.resolve("xor").toString(), "-i", input.toString(), "-o", out.toString()),
                "is a folder; expected a file to write");
        Path model = out.resolve("xor/model.nnm");
        byte[] before = Files.readAllBytes(model);
        badInput(CliRun.of("predict", out.resolve("xor").toString(), "-i", input.toString(), "-o", model.toString()),
                "is the model being read");
        assertArrayEquals(before, Files.readAllBytes(model));
    }

    @Test
    void aModelThatIsAPipeOrLargerThanAnyModel() throws Exception {
        Path fifo = out.resolve("model-fifo.nnm");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "no mkfifo here");
        badInput(CliRun.of("predict", fifo.toString(), "-i", "data/iris-test.csv"), "not a regular file");
        Path huge = out.resolve("huge.nnm");
        try (var file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(3L << 30); // sparse: no disk used
        }
        badInput(CliRun.of("evaluate", huge.toString(), "--data", "data/iris-test.csv"), "more than any model this JVM can load");
        Files.delete(huge);
    }

    @Test
    void aCheckpointFolderWhoseNumberOverflowsIsNotACheckpoint() throws Exception {
        Path bogus = Files.createDirectories(out.resolve("bogus/checkpoints/epoch-99999999999999999999"));
        Files.writeString(bogus.resolve("COMPLETE"), "");
        Path rows = Files.writeString(out.resolve("xor-rows.csv"), "x1,x2\n0,1\n");
        CliRun run = CliRun.of("predict", out.resolve("bogus").toString(), "-i", rows.toString());
        badInput(run, "file not found");
    }

    @Test
    void standardInputThatIsBinaryOrNeverEnds() {
        java.io.InputStream zeros = new java.io.InputStream() {
            @Override
            public int read() {
                return 0;
            }
        };
        var nul = org.junit.jupiter.api.Assertions.assertThrows(nn.data.DataException.class,
                () -> new BoundedInput(zeros, "<stdin>", 1 << 20).read(new byte[64], 0, 64));
        assertTrue(nul.getMessage().contains("byte 1 is NUL"), nul.getMessage());
        java.io.InputStream endless = new java.io.InputStream() {
            @Override
            public int read() {
                return '1';
            }
        };
        BoundedInput bounded = new BoundedInput(endless, "<stdin>", 1000);
        var tooLong = org.junit.jupiter.api.Assertions.assertThrows(nn.data.DataException.class, () -> {
            byte[] buffer = new byte[100];
            while (true) {
                bounded.read(buffer, 0, buffer.length);
            }
        });
        assertTrue(tooLong.getMessage().contains("more than this JVM can hold"), tooLong.getMessage());
    }
}
