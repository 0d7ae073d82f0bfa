package nn.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** How parameters are updated from their gradients. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OptimizerSpec(
        @JsonPropertyDescription("The update rule.") @Default("sgd") OptimizerType type,
        @JsonPropertyDescription("Step size.") @NotNull @Positive Double learningRate) {

    public OptimizerSpec {
        type = type == null ? OptimizerType.SGD : type;
    }
}
