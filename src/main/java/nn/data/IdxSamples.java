package nn.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * Images and labels in the IDX format of MNIST and Fashion-MNIST (gzipped or not): unsigned bytes,
 * a big-endian header of magic number and dimensions. Each image becomes one row of
 * {@code pixel0..pixelN} features with its raw 0–255 values; labels become classes by number.
 */
public final class IdxSamples implements Samples {
    private static final int UNSIGNED_BYTE = 0x08;

    private final String source;
    private final float[] pixels;
    private final int[] labels;
    private final int rows;
    private final int features;

    private IdxSamples(String source, float[] pixels, int[] labels, int features) {
        this.source = source;
        this.pixels = pixels;
        this.labels = labels;
        this.rows = labels.length;
        this.features = features;
    }

    /** Reads an image file (n × rows × cols) and its label file (n). */
    public static IdxSamples read(Path images, Path labels) {
        Array img = array(images, 3);
        Array lab = array(labels, 1);
        if (img.dims()[0] != lab.dims()[0]) {
            throw new DataException(images + ": " + img.dims()[0] + " images but " + labels + " has " + lab.dims()[0]
                    + " labels; expected the same count");
        }
        int features = img.dims()[1] * img.dims()[2];
        float[] pixels = new float[img.values().length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = img.values()[i] & 0xff;
        }
        int[] labelValues = new int[lab.values().length];
        for (int i = 0; i < labelValues.length; i++) {
            labelValues[i] = lab.values()[i] & 0xff;
        }
        return new IdxSamples(images.toString(), pixels, labelValues, features);
    }

    private record Array(int[] dims, byte[] values) {
    }

    private static Array array(Path file, int expectedDims) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            DataInputStream in = new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16)) : raw);
            int magic = in.readInt();
            int type = (magic >>> 8) & 0xff;
            int dims = magic & 0xff;
            if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || dims != expectedDims) {
                throw new DataException(file + ": not an IDX file of unsigned bytes with " + expectedDims
                        + " dimension(s) (magic number 0x" + Integer.toHexString(magic) + ")");
            }
            int[] shape = new int[dims];
            long count = 1;
            for (int d = 0; d < dims; d++) {
                shape[d] = in.readInt();
                if (shape[d] <= 0) {
                    throw new DataException(file + ": dimension " + d + " is " + shape[d] + "; expected a positive size");
                }
                count *= shape[d];
            }
            if (count > Integer.MAX_VALUE - 16) {
                throw new DataException(file + ": " + count + " values are more than one array holds");
            }
            long header = 4L + 4L * dims;
            if (!gzip && Files.size(file) < header + count) {
                throw new DataException(file + ": the file ends before the data its header announces");
            }
            // Read, not allocated up front: a gzip header may claim 2 GB that the stream does not hold.
            byte[] values = in.readNBytes((int) count);
            if (values.length < count) {
                throw new DataException(file + ": the file ends before the data its header announces");
            }
            return new Array(shape, values);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": file not found");
        } catch (EOFException e) {
            throw new DataException(file + ": the file ends before the data its header announces");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** Number of images. */
    public int rows() {
        return rows;
    }

    @Override
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(features);
        for (int f = 0; f < features; f++) {
            names.add("pixel" + f);
        }
        return names;
    }

    @Override
    public List<String> classNames() {
        TreeSet<Integer> distinct = new TreeSet<>();
        for (int label : labels) {
            distinct.add(label);
        }
        return distinct.stream().map(String::valueOf).toList();
    }

    @Override
    public Dataset build(List<String> featureNames, List<String> classNames, boolean oneHot) {
        if (!featureNames.equals(featureNames())) {
            throw new DataException(source + ": images of " + features + " pixels; expected " + featureNames.size()
                    + " features like the training images");
        }
        boolean classification = !classNames.isEmpty();
        int targets = classification && oneHot ? classNames.size() : 1;
        float[] y = new float[rows * targets];
        for (int r = 0; r < rows; r++) {
            int cls = classification ? classNames.indexOf(Integer.toString(labels[r])) : -1;
            if (classification && cls < 0) {
                throw new DataException(source + ": image " + r + " has label " + labels[r]
                        + ", which the training data does not have; the classes are " + String.join(", ", classNames));
            }
            if (!classification) {
                y[r] = labels[r];
            } else if (oneHot) {
                y[r * targets + cls] = 1f;
            } else {
                y[r] = cls;
            }
        }
        return new Dataset(featureNames, classNames, rows, features, targets, pixels, y);
    }
}
