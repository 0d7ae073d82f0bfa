package nn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which signals this JVM was started with ignored (Linux's {@code SigIgn} mask). Children inherit
 * an ignored signal through exec and the JVM then installs no handler for it: a background job of a
 * non-interactive shell ignores SIGINT, {@code nohup} ignores SIGHUP. A test that sends such a
 * signal to a child cannot test anything there, so it is skipped, saying why.
 */
final class InheritedSignals {
    static final int SIGHUP = 1;
    static final int SIGINT = 2;

    private InheritedSignals() {
    }

    /** Whether signal {@code number} is in this process's ignored set (false where /proc is absent). */
    static boolean ignored(int number) throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (number - 1))) != 0;
            }
        }
        return false;
    }
}
