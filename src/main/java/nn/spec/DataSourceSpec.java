package nn.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** A table of samples: either written inline (label last) or a CSV file with a header row. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DataSourceSpec(
        @JsonPropertyDescription("Rows of numbers, the label last.") List<List<Double>> inline,
        @JsonPropertyDescription("CSV file with a header row, relative to the config file.") String csv,
        @JsonPropertyDescription("Label column of the CSV file, by name; the last column when left out.") String label) {

    public DataSourceSpec {
        inline = inline == null ? null : List.copyOf(inline);
    }
}
