package nn.dsl;

import java.nio.file.Path;
import java.util.List;
import nn.spec.DataSourceSpec;

/**
 * A CSV file for the DSL: {@code DataSources.csv(Path.of("data/iris-train.csv")).label("species")},
 * with the dialect keys of {@code data.train} ({@code delimiter}, {@code header: false} with
 * {@code names}, {@code na_values}) and the feature {@code columns}; null parts take the YAML defaults.
 */
public record CsvSource(Path path, String label, List<String> columns, String delimiter, List<String> names,
                        List<String> naValues) implements DataSource {

    public CsvSource {
        columns = columns == null ? null : List.copyOf(columns);
        names = names == null ? null : List.copyOf(names);
        naValues = naValues == null ? null : List.copyOf(naValues);
    }

    /** A file with a header row, read in the default dialect. */
    public CsvSource(Path path, String label) {
        this(path, label, null, null, null, null);
    }

    /** The same file with its label column named. */
    public CsvSource label(String column) {
        return new CsvSource(path, column, columns, delimiter, names, naValues);
    }

    /** Only these feature columns, in this order, as {@code columns}. */
    public CsvSource columns(String... features) {
        return new CsvSource(path, label, List.of(features), delimiter, names, naValues);
    }

    /** The cell separator: {@code ","}, {@code ";"}, {@code "|"} or {@code "\t"}, as {@code delimiter}. */
    public CsvSource delimiter(String separator) {
        return new CsvSource(path, label, columns, separator, names, naValues);
    }

    /** A file without a header row whose columns are these, in file order ({@code header: false, names}). */
    public CsvSource headerless(String... columnNames) {
        return new CsvSource(path, label, columns, delimiter, List.of(columnNames), naValues);
    }

    /** The cells that mean missing, instead of the default empty, NA, NaN, null and ?, as {@code na_values}. */
    public CsvSource naValues(String... cells) {
        return new CsvSource(path, label, columns, delimiter, names, List.of(cells));
    }

    @Override
    public DataSourceSpec spec() {
        return new DataSourceSpec(null, path.toString(), label, null, columns, delimiter, names == null ? null : false,
                names, naValues);
    }
}
