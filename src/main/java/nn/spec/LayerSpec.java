package nn.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/** One dense layer. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LayerSpec(
        @JsonPropertyDescription("Number of units (outputs) of the layer.") @NotNull @Positive Integer units,
        @JsonPropertyDescription("Activation applied to the layer's output: a built-in one or a registered custom one.")
        @NotNull @Registered("activation") String activation,
        @JsonPropertyDescription("Whether the layer adds a bias.") @Default("true") Boolean bias,
        @JsonPropertyDescription("Weight initialisation; default he_normal for relu/leaky_relu, glorot_uniform otherwise.")
        InitType init,
        @JsonPropertyDescription("Dropout rate of this layer's outputs while training, in [0, 1); hidden layers only; default 0.")
        @PositiveOrZero @DecimalMax(value = "1", inclusive = false, message = "must be less than 1") Double dropout,
        @JsonPropertyDescription("L2 penalty λ·ΣW² on this layer's weights; default training.l2.") @PositiveOrZero Double l2) {

    public LayerSpec {
        bias = bias == null ? Boolean.TRUE : bias;
    }

    /** A layer with default initialisation and no regularisation. */
    public LayerSpec(Integer units, String activation, Boolean bias) {
        this(units, activation, bias, null, null, null);
    }

    /** A layer with a built-in activation, default initialisation and no regularisation. */
    public LayerSpec(Integer units, ActivationType activation, Boolean bias) {
        this(units, activation.yamlName(), bias, null, null, null);
    }
}
