package nn.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Samples: written inline (label last), a CSV file with a header row, or a pair of IDX files;
 * exactly one of the three.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DataSourceSpec(
        @JsonPropertyDescription("Rows of numbers, the label last.") List<List<Double>> inline,
        @JsonPropertyDescription("CSV file with a header row, relative to the config file.") String csv,
        @JsonPropertyDescription("Label column of the CSV file, by name; the last column when left out.") String label,
        @JsonPropertyDescription("IDX image and label files, as MNIST and Fashion-MNIST ship them.") @Valid IdxSpec idx,
        @JsonPropertyDescription("Feature columns of the CSV file, by name and in this order; every column but "
                + "the label when left out. Test and validation data use the training features by name.")
        @Size(min = 1, message = "must name at least one column") List<String> columns,
        @JsonPropertyDescription("CSV cell separator: ',' (default), ';' or a tab.") String delimiter,
        @JsonPropertyDescription("Whether the CSV file's first row names the columns (default true); "
                + "false needs 'names'.") Boolean header,
        @JsonPropertyDescription("Column names of a CSV file without a header row, in file order.") List<String> names,
        @JsonPropertyDescription("Cells that mean 'missing' (default: empty, NA, NaN, null, ?).") List<String> naValues) {

    public DataSourceSpec {
        inline = inline == null ? null : List.copyOf(inline);
        columns = columns == null ? null : List.copyOf(columns);
        names = names == null ? null : List.copyOf(names);
        naValues = naValues == null ? null : List.copyOf(naValues);
    }

    /** Inline rows, a CSV file (default dialect) or IDX files, with the selected feature columns. */
    public DataSourceSpec(List<List<Double>> inline, String csv, String label, IdxSpec idx, List<String> columns) {
        this(inline, csv, label, idx, columns, null, null, null, null);
    }

    /** This source read from {@code file} instead (an absolute path, say), dialect and all. */
    public DataSourceSpec withCsv(String file) {
        return new DataSourceSpec(inline, file, label, idx, columns, delimiter, header, names, naValues);
    }

    /** Inline rows, a CSV file or IDX files, with every feature column. */
    public DataSourceSpec(List<List<Double>> inline, String csv, String label, IdxSpec idx) {
        this(inline, csv, label, idx, null);
    }

    /** Inline rows or a CSV file. */
    public DataSourceSpec(List<List<Double>> inline, String csv, String label) {
        this(inline, csv, label, null);
    }
}
