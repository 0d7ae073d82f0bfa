package nn.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotNull;

/** A pair of IDX files (the MNIST format, gzipped or not): images and their labels. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IdxSpec(
        @JsonPropertyDescription("IDX file of images (n × rows × cols unsigned bytes), relative to the config file.")
        @NotNull String images,
        @JsonPropertyDescription("IDX file of labels (n unsigned bytes), relative to the config file.") @NotNull String labels) {
}
