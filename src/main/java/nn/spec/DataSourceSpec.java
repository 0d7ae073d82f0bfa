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
        @Size(min = 1, message = "must name at least one column") List<String> columns) {

    public DataSourceSpec {
        inline = inline == null ? null : List.copyOf(inline);
        columns = columns == null ? null : List.copyOf(columns);
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
