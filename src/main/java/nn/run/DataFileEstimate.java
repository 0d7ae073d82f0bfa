package nn.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The heap a data file takes once read, estimated from its size and a sample of its first lines,
 * so the memory guard can refuse a file too large for the heap before reading it (reading is what
 * would run out of memory). Deliberately rough: it only has to tell "fits" from "cannot fit".
 *
 * @param rows    estimated data rows (lines after the header for CSV, images for IDX)
 * @param columns columns per row (pixels per image for IDX)
 * @param bytes   estimated heap while it is read and turned into the training arrays
 */
record DataFileEstimate(long size, long rows, int columns, long bytes) {
    private static final int SAMPLE = 64 * 1024;
    /** A String of a cell: object header and fields (24) and its byte array's header (16), before the characters. */
    private static final int STRING_OVERHEAD = 40;
    /** The float arrays one value ends up in: the data set, its normalised copy and a split's copy. */
    private static final int FLOAT_COPIES = 3;

    /**
     * A CSV file read as a table of strings (one per cell, one array per row, the row's line
     * number) and then as floats.
     */
    static DataFileEstimate csv(Path file) throws IOException {
        long size = Files.size(file);
        byte[] sample = new byte[(int) Math.min(size, SAMPLE)];
        try (InputStream in = Files.newInputStream(file)) {
            int read = in.readNBytes(sample, 0, sample.length);
            return csv(size, sample, read);
        }
    }

    static DataFileEstimate csv(long size, byte[] sample, int length) {
        int lines = 0;
        int[] separators = new int[3]; // ',', ';' and tab on the first line: the dialects Tables reads
        for (int i = 0; i < length; i++) {
            byte b = sample[i];
            if (b == '\n') {
                lines++;
            } else if (lines == 0 && b == ',') {
                separators[0]++;
            } else if (lines == 0 && b == ';') {
                separators[1]++;
            } else if (lines == 0 && b == '\t') {
                separators[2]++;
            }
        }
        int columns = 1 + Math.max(separators[0], Math.max(separators[1], separators[2]));
        double lineBytes = lines == 0 ? Math.max(1, length) : (double) length / lines;
        long rows = Math.max(1, Math.round(size / lineBytes) - 1);
        double cellChars = Math.max(1, lineBytes / columns - 1);
        long perCell = STRING_OVERHEAD + 8 * (long) Math.ceil(cellChars / 8) + 4L * FLOAT_COPIES;
        long perRow = 16 + 4L * columns + 20; // the String[] and the boxed line number in its list
        return new DataFileEstimate(size, rows, columns, rows * columns * perCell + rows * perRow);
    }

    /** An IDX file: its values are bytes on disk, a byte array when read, then floats. */
    static DataFileEstimate idx(Path file) throws IOException {
        long size = Files.size(file);
        return new DataFileEstimate(size, 0, 0, size * (1 + 4L * FLOAT_COPIES));
    }
}
