package nn.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An IDX header that claims 2 GB the file does not hold: one line, nothing allocated up front. */
class IdxHeaderLimitTest {
    @TempDir
    Path dir;

    private Path lying(String name, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0803);
        out.writeInt(50_000);
        out.writeInt(200);
        out.writeInt(200); // 2e9 bytes announced
        out.write(new byte[100]);
        Path file = dir.resolve(name);
        try (OutputStream os = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            os.write(bytes.toByteArray());
        }
        return file;
    }

    @Test
    void aHeaderClaimingMoreThanTheFileHoldsIsBadInput() throws IOException {
        Path labels = dir.resolve("labels");
        for (boolean gzip : new boolean[] {false, true}) {
            Path images = lying(gzip ? "images.gz" : "images", gzip);
            // Allocation, not heap size: a 2 GB test heap would survive the up-front array that a user's would not.
            var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            DataException e = assertThrows(DataException.class, () -> IdxSamples.read(images, labels));
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(e.getMessage().contains("announces"), e.getMessage());
            assertTrue(allocated < 64L << 20, (gzip ? "gzip: " : "") + allocated + " bytes allocated for a 100-byte file");
        }
    }
}
