package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nn serve}'s bad input: one line, exit 2, before anything listens. */
class ServeCommandTest {
    @TempDir
    Path dir;

    private static int run(ByteArrayOutputStream err, String... args) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        return Main.run(args, sink, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aMissingModelIsBadInputInOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(ExitCode.BAD_INPUT, run(err, "serve", dir.resolve("absent").toString(), "--port", "0"));
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("nn: "), text);
    }

    @Test
    void nonPositiveLimitsAreBadInput() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(ExitCode.BAD_INPUT, run(err, "serve", dir.toString(), "--max-rows", "0"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("positive"), err.toString(StandardCharsets.UTF_8));
    }
}
