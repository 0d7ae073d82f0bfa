package nn.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.Valid;
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
        @JsonPropertyDescription("IDX image and label files, as MNIST and Fashion-MNIST ship them.") @Valid IdxSpec idx) {

    public DataSourceSpec {
        inline = inline == null ? null : List.copyOf(inline);
    }

    /** Inline rows or a CSV file. */
    public DataSourceSpec(List<List<Double>> inline, String csv, String label) {
        this(inline, csv, label, null);
    }
}
