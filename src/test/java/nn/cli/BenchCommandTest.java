package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code nn bench} through the command line: one JSON line per workload, bad input exits 2. */
class BenchCommandTest {

    @Test
    void w1PrintsOneJsonLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"bench", "--workload", "w1", "--threads", "2", "--repeats", "1", "--json"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, code);
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(1, lines.length, String.join("\n", lines));
        assertTrue(lines[0].matches("\\{\"workload\":\"w1\",\"device\":\"java\",\"kernel\":\"(vector-(128|256|512)|scalar)\","
                + "\"vectorBits\":(0|128|256|512),\"threads\":2,\"samplesPerSecond\":[0-9.]+,"
                + "\"gflops\":[0-9.]+,\"ms\":[0-9.]+,\"finalLoss\":[0-9.]+,\"launchesPerStep\":0.00,"
                + "\"hostReadsPerStep\":0.00,\"bytesPerStep\":0.0}"), lines[0]);
    }

    @Test
    void unknownWorkloadOrDeviceIsBadInput() {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        assertEquals(ExitCode.BAD_INPUT, Main.run(new String[] {"bench", "--workload", "w9"}, quiet, quiet));
        assertEquals(ExitCode.BAD_INPUT, Main.run(new String[] {"bench", "--device", "tpu"}, quiet, quiet));
        assertEquals(ExitCode.BAD_INPUT, Main.run(new String[] {"bench", "--threads", "0"}, quiet, quiet));
    }
}
