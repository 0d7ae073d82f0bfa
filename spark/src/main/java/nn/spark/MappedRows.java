package nn.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import nn.compute.Backend;
import nn.compute.Tensor;

/**
 * A partition's rows read once from its records (CSV lines, IDX byte ranges) into a local file and memory-mapped: the
 * page cache, not the heap, holds them, so an executor trains partitions larger than its -Xmx.
 * Each row is its normalised features followed by its targets, as floats.
 */
final class MappedRows implements PartitionData {
    private static final int CHUNK = 4096;
    private final Path file;
    private final FloatBuffer[] rowsBuffers;
    private final int rowsPerBuffer;
    private final int features;
    private final int targets;
    private final int rows;
    private float[] scratchX = new float[0];
    private float[] scratchY = new float[0];

    private final float[] classWeights;

    /** {@code classWeights}: per class, null when unweighted. */
    MappedRows(ExecutorSource table, int partition, Iterator<?> records, float[] classWeights) {
        this.classWeights = classWeights;
        ExecutorSource.RowReader reader = table.reader(partition, records);
        this.features = table.width();
        this.targets = table.targets();
        int width = features + targets;
        try {
            file = Files.createTempFile("nn-spark-rows-", ".f32");
            file.toFile().deleteOnExit();
            int count = 0;
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
                float[] x = new float[CHUNK * features];
                float[] y = new float[CHUNK * targets];
                java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(CHUNK * width * 4).order(ByteOrder.nativeOrder());
                int inChunk = 0;
                while (reader.next(x, y, inChunk)) {
                    inChunk++;
                    count++;
                    if (inChunk == CHUNK) {
                        write(out, bytes, x, y, inChunk);
                        inChunk = 0;
                    }
                }
                write(out, bytes, x, y, inChunk);
            }
            this.rows = count;
            // A mapping holds at most 2 GiB: map whole rows per buffer.
            this.rowsPerBuffer = Math.max(1, Integer.MAX_VALUE / 4 / width);
            int buffers = Math.max(1, (rows + rowsPerBuffer - 1) / rowsPerBuffer);
            this.rowsBuffers = new FloatBuffer[buffers];
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                for (int b = 0; b < buffers; b++) {
                    long first = (long) b * rowsPerBuffer;
                    long n = Math.min(rowsPerBuffer, rows - first);
                    MappedByteBuffer mapped = in.map(FileChannel.MapMode.READ_ONLY, first * width * 4, Math.max(0, n) * width * 4);
                    rowsBuffers[b] = mapped.order(ByteOrder.nativeOrder()).asFloatBuffer();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(FileChannel out, java.nio.ByteBuffer bytes, float[] x, float[] y, int n) throws IOException {
        bytes.clear();
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < features; i++) {
                bytes.putFloat(x[r * features + i]);
            }
            for (int i = 0; i < targets; i++) {
                bytes.putFloat(y[r * targets + i]);
            }
        }
        bytes.flip();
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public void gather(Backend backend, int[] order, int from, Tensor x, Tensor y, Tensor w) {
        int n = x.rows();
        if (scratchX.length < n * features) {
            scratchX = new float[n * features];
            scratchY = new float[n * targets];
        }
        float[] sx = n * features == scratchX.length ? scratchX : new float[n * features];
        float[] sy = n * targets == scratchY.length ? scratchY : new float[n * targets];
        int width = features + targets;
        for (int r = 0; r < n; r++) {
            int row = order[from + r];
            FloatBuffer buffer = rowsBuffers[row / rowsPerBuffer];
            int at = (row % rowsPerBuffer) * width;
            buffer.get(at, sx, r * features, features);
            buffer.get(at + features, sy, r * targets, targets);
        }
        backend.write(x, sx);
        backend.write(y, sy);
        if (w != null) {
            backend.write(w, PartitionData.weights(sy, n, targets, classWeights));
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temp file is harmless; deleteOnExit tries again.
        }
    }
}
