package nn.spark;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import nn.data.DataException;
import nn.data.Preprocessing;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * IDX images and labels (MNIST's format, uncompressed) read by the executors from any
 * Hadoop-compatible path: images are fixed-size records after a 16-byte header and labels one
 * byte each after an 8-byte one, so partition p of P seeks straight to its own byte ranges, the
 * contiguous rows {@link PartitionRows#start} gives, and reads nothing else. Pixels are raw 0–255
 * values as {@code nn train} reads them, then normalised; labels become classes by number.
 *
 * @param images      the image file
 * @param labels      the label file
 * @param rows        images in the file
 * @param pixels      pixels per image
 * @param classNames  the classes by number (empty: regression on the label value)
 * @param classCounts training rows per class
 * @param oneHot      whether targets are one-hot rows
 * @param offset      the normaliser's offsets, per pixel
 * @param scale       the normaliser's scales, per pixel
 */
record IdxSource(String images, String labels, int rows, int pixels, ArrayList<String> classNames, long[] classCounts,
                 boolean oneHot, float[] offset, float[] scale) implements ExecutorSource {
    private static final long serialVersionUID = 1L;
    static final int IMAGE_HEADER = 16;
    static final int LABEL_HEADER = 8;

    @Override
    public String path() {
        return images;
    }

    @Override
    public int width() {
        return pixels;
    }

    @Override
    public int targets() {
        return oneHot ? classNames.size() : 1;
    }

    @Override
    public Preprocessing preprocessing() {
        List<String> names = new ArrayList<>(pixels);
        for (int f = 0; f < pixels; f++) {
            names.add("pixel" + f);
        }
        return Preprocessing.numeric(names);
    }

    /** One record per partition, the partition count itself, so a task knows its share of the rows. */
    @Override
    public JavaRDD<?> records(JavaSparkContext sc, int partitions) {
        int p = Math.max(1, Math.min(partitions, rows));
        return sc.parallelize(Collections.nCopies(p, p), p);
    }

    @Override
    public RowReader reader(int partition, Iterator<?> records) {
        int partitions = (Integer) records.next();
        int start = PartitionRows.start(partition, partitions, rows);
        int count = PartitionRows.count(partition, partitions, rows);
        DataInputStream pixelsIn = open(images, IMAGE_HEADER + (long) start * pixels);
        DataInputStream labelsIn = open(labels, LABEL_HEADER + (long) start);
        byte[] image = new byte[pixels];
        int[] done = {0};
        return (x, y, r) -> {
            if (done[0] == count) {
                close(pixelsIn);
                close(labelsIn);
                return false;
            }
            int label;
            try {
                pixelsIn.readFully(image);
                label = labelsIn.readUnsignedByte();
            } catch (IOException e) {
                throw new DataException(images + ": cannot read image " + (start + done[0]) + ": " + e.getMessage());
            }
            for (int i = 0; i < pixels; i++) {
                x[r * pixels + i] = ((image[i] & 0xff) - offset[i]) * scale[i];
            }
            label(label, start + done[0], y, r);
            done[0]++;
            return true;
        };
    }

    private void label(int label, int image, float[] y, int r) {
        if (classNames.isEmpty()) {
            y[r] = label;
            return;
        }
        Integer c = classNamesIndex(label);
        if (c == null) {
            throw new DataException(images + ": image " + image + " has label " + label + ", which the training data "
                    + "does not have; the classes are " + String.join(", ", classNames));
        }
        int k = targets();
        if (oneHot) {
            for (int j = 0; j < k; j++) {
                y[r * k + j] = j == c ? 1f : 0f;
            }
        } else {
            y[r] = c;
        }
    }

    private Integer classNamesIndex(int label) {
        int c = classNames.indexOf(Integer.toString(label));
        return c < 0 ? null : c;
    }

    /** This source for other files of the same shape (test, validation). */
    IdxSource forFiles(String otherImages, String otherLabels, int otherRows) {
        return new IdxSource(otherImages, otherLabels, otherRows, pixels, classNames, classCounts, oneHot, offset, scale);
    }

    IdxSource withNormalizer(float[] newOffset, float[] newScale) {
        return new IdxSource(images, labels, rows, pixels, classNames, classCounts, oneHot, newOffset, newScale);
    }

    /** A stream of {@code file} from byte {@code at}. */
    static DataInputStream open(String file, long at) {
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
            FileSystem fs = path.getFileSystem(new Configuration());
            FSDataInputStream in = fs.open(path);
            in.seek(at);
            return new DataInputStream(new BufferedInputStream(in, 1 << 16));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // read to the end already; nothing is lost
        }
    }
}
