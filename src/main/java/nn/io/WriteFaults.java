package nn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A test seam for a full disk: when the system property {@value #PROPERTY} is set, every write
 * through {@link AtomicFiles} whose path contains its value fails as a full disk does. It lets a
 * forked JVM in {@code mvn verify} fill the disk at a chosen file (a checkpoint, the final model)
 * without root or a tiny file system. Unset (always, outside tests) it costs one property read.
 */
final class WriteFaults {
    static final String PROPERTY = "nn.io.failWrites";

    private WriteFaults() {
    }

    /** Throws the full-disk error for {@code file} when the seam names it. */
    static void check(Path file) throws IOException {
        String match = System.getProperty(PROPERTY);
        if (match != null && !match.isEmpty() && file.toString().contains(match)) {
            throw new IOException("No space left on device (injected by -D" + PROPERTY + ")");
        }
    }
}
