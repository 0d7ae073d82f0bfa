package nn.dsl;

import java.nio.file.Path;

/** Where the DSL reads samples from. */
public final class DataSources {
    private DataSources() {
    }

    /** A CSV file with a header row; the label is the last column unless {@link CsvSource#label} names one. */
    public static CsvSource csv(Path path) {
        return new CsvSource(path, null);
    }

    /** Rows of numbers, each with its features and then the label: {@code {{0, 0, 0}, {0, 1, 1}, ...}}. */
    public static InlineSource inline(double[]... rows) {
        return InlineSource.of(rows);
    }
}
