package nn.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a model file only when it can be one: a regular file (a FIFO or a device would block or
 * never end) no larger than half the heap and a Java array allow, checked before reading, so a
 * wrong path is one line rather than a hang or an OutOfMemoryError.
 */
final class BoundedRead {
    private BoundedRead() {
    }

    static byte[] modelBytes(Path file) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new ModelFormatException(file + ": not a regular file (a pipe, a device or a folder); expected a model file");
        }
        long size = Files.size(file);
        long limit = Math.min(Integer.MAX_VALUE - 64L, Runtime.getRuntime().maxMemory() / 2);
        if (size > limit) {
            throw new ModelFormatException(file + ": " + size + " bytes, more than any model this JVM can load (half the "
                    + "heap, -Xmx " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB, and at most 2 GB)");
        }
        return Files.readAllBytes(file);
    }
}
