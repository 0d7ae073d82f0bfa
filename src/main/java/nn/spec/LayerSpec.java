package nn.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** One dense layer. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LayerSpec(
        @JsonPropertyDescription("Number of units (outputs) of the layer.") @NotNull @Positive Integer units,
        @JsonPropertyDescription("Activation applied to the layer's output.") @NotNull ActivationType activation,
        @JsonPropertyDescription("Whether the layer adds a bias.") @Default("true") Boolean bias) {

    public LayerSpec {
        bias = bias == null ? Boolean.TRUE : bias;
    }
}
