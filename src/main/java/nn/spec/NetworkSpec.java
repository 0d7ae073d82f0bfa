package nn.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.List;

/** The network's shape: input width and the dense layers in order, the last one the output. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NetworkSpec(
        @JsonPropertyDescription("Number of input features.") @NotNull @Positive Integer input,
        @JsonPropertyDescription("Dense layers, first to last.") @NotEmpty List<@NotNull @Valid LayerSpec> layers) {

    public NetworkSpec {
        layers = layers == null ? null : List.copyOf(layers);
    }
}
