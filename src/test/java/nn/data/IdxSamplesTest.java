package nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxSamplesTest {
    @TempDir
    Path dir;

    private Path idx(String name, boolean gzip, int[] dims, int[] values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0800 | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        for (int v : values) {
            out.writeByte(v);
        }
        Path file = dir.resolve(name);
        try (OutputStream os = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            os.write(bytes.toByteArray());
        }
        return file;
    }

    @Test
    void readsImagesAndLabelsGzippedOrNot() throws IOException {
        Path images = idx("img.gz", true, new int[] {3, 2, 2}, new int[] {0, 255, 128, 1, 2, 3, 4, 5, 9, 8, 7, 6});
        Path labels = idx("lab", false, new int[] {3}, new int[] {7, 2, 7});
        IdxSamples samples = IdxSamples.read(images, labels);
        assertEquals(List.of("pixel0", "pixel1", "pixel2", "pixel3"), samples.featureNames());
        assertEquals(List.of("2", "7"), samples.classNames());
        Dataset data = samples.build(samples.featureNames(), samples.classNames(), true);
        assertEquals(3, data.rows());
        assertArrayEquals(new float[] {0, 255, 128, 1}, java.util.Arrays.copyOf(data.x(), 4), "unsigned bytes");
        assertArrayEquals(new float[] {0, 1, 1, 0, 0, 1}, data.y());
    }

    @Test
    void badFilesAreClearErrors() throws IOException {
        Path images = idx("img", false, new int[] {2, 2, 2}, new int[] {1, 2, 3, 4, 5, 6, 7, 8});
        Path labels = idx("lab", false, new int[] {3}, new int[] {1, 2, 3});
        assertTrue(assertThrows(DataException.class, () -> IdxSamples.read(images, labels)).getMessage()
                .endsWith("2 images but " + labels + " has 3 labels; expected the same count"));
        Path truncated = idx("short", false, new int[] {5, 2, 2}, new int[] {1, 2, 3});
        assertEquals(truncated + ": the file ends before the data its header announces",
                assertThrows(DataException.class, () -> IdxSamples.read(truncated, labels)).getMessage());
        assertTrue(assertThrows(DataException.class, () -> IdxSamples.read(labels, labels)).getMessage()
                .contains("not an IDX file of unsigned bytes with 3 dimension(s)"));
        Path other = idx("lab2", false, new int[] {2}, new int[] {1, 9});
        IdxSamples training = IdxSamples.read(images, idx("lab3", false, new int[] {2}, new int[] {1, 2}));
        IdxSamples test = IdxSamples.read(images, other);
        assertTrue(assertThrows(DataException.class, () -> test.build(training.featureNames(), training.classNames(), true))
                .getMessage().contains("has label 9, which the training data does not have"));
    }
}
