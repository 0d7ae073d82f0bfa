package nn.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.ArrayList;
import java.util.List;

/**
 * One layer: {@code dense} (the default type) or {@code batch_norm}. Keys that belong to the other
 * type are left null here and rejected by {@link #check}, which also requires a dense layer's
 * {@code units} and {@code activation}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LayerSpec(
        @JsonPropertyDescription("The layer's kind: dense, or batch_norm (normalises each column; no units or activation).")
        @Default("dense") LayerType type,
        @JsonPropertyDescription("dense: number of units (outputs) of the layer; required, except on the output "
                + "layer, where auto (or leaving it out) means the class count, or 1 for two classes and regression.")
        @Positive Integer units,
        @JsonPropertyDescription("dense: activation applied to the layer's output: a built-in one or a registered custom one; required.")
        @Registered("activation") String activation,
        @JsonPropertyDescription("dense: whether the layer adds a bias.") @Default("true") Boolean bias,
        @JsonPropertyDescription("dense: weight initialisation; default he_normal for relu/leaky_relu, glorot_uniform otherwise.")
        InitType init,
        @JsonPropertyDescription("dense: dropout rate of this layer's outputs while training, in [0, 1); hidden layers only; default 0.")
        @PositiveOrZero @DecimalMax(value = "1", inclusive = false, message = "must be less than 1") Double dropout,
        @JsonPropertyDescription("dense: L2 penalty λ·ΣW² on this layer's weights; default training.l2.") @PositiveOrZero Double l2,
        @JsonPropertyDescription("batch_norm: weight of the old running statistics in their update, in [0, 1); default 0.99.")
        @DecimalMin(value = "0", message = "must be at least 0")
        @DecimalMax(value = "1", inclusive = false, message = "must be less than 1") Double momentum,
        @JsonPropertyDescription("batch_norm: added to the variance before its square root; default 0.001.")
        @Positive Double epsilon) {

    /** This layer with {@code units} set (an output layer's {@code auto} resolved). */
    public LayerSpec withUnits(int count) {
        return new LayerSpec(type, count, activation, bias, init, dropout, l2, momentum, epsilon);
    }

    public LayerSpec {
        type = type == null ? LayerType.DENSE : type;
        bias = bias == null && type == LayerType.DENSE ? Boolean.TRUE : bias;
    }

    /** A dense layer. */
    public LayerSpec(Integer units, String activation, Boolean bias, InitType init, Double dropout, Double l2) {
        this(LayerType.DENSE, units, activation, bias, init, dropout, l2, null, null);
    }

    /** A dense layer with default initialisation and no regularisation. */
    public LayerSpec(Integer units, String activation, Boolean bias) {
        this(units, activation, bias, null, null, null);
    }

    /** A dense layer with a built-in activation, default initialisation and no regularisation. */
    public LayerSpec(Integer units, ActivationType activation, Boolean bias) {
        this(units, activation.yamlName(), bias, null, null, null);
    }

    /** A batch_norm layer; null momentum or epsilon take the defaults. */
    public static LayerSpec batchNorm(Double momentum, Double epsilon) {
        return new LayerSpec(LayerType.BATCH_NORM, null, null, null, null, null, null, momentum, epsilon);
    }

    /** batch_norm's momentum given, else 0.99 (Keras's default). */
    public double momentumOrDefault() {
        return momentum == null ? 0.99 : momentum;
    }

    /** batch_norm's epsilon given, else 0.001 (Keras's default). */
    public double epsilonOrDefault() {
        return epsilon == null ? 0.001 : epsilon;
    }

    /**
     * Requires a dense layer's units and activation and rejects keys of the other type; {@code path}
     * is this layer's key path ({@code network.layers[2]}).
     */
    public void check(String path) {
        check(path, false);
    }

    /** As {@link #check(String)}; the output layer may leave {@code units} to the data ({@code outputLayer}). */
    public void check(String path, boolean outputLayer) {
        boolean dense = type == LayerType.DENSE;
        if (dense && units == null && !outputLayer) {
            throw new SpecException(path, "missing required key 'units'");
        }
        if (dense && activation == null) {
            throw new SpecException(path, "missing required key 'activation'");
        }
        List<String> foreign = new ArrayList<>();
        for (String key : dense ? List.of("momentum", "epsilon") : List.of("units", "activation", "bias", "init", "dropout", "l2")) {
            if (value(key) != null) {
                foreign.add(key);
            }
        }
        if (!foreign.isEmpty()) {
            String key = foreign.get(0);
            throw new SpecException(path + "." + key, "'" + key + "' does not apply to a " + type.yamlName()
                    + " layer; expected only " + (dense ? "type, units, activation, bias, init, dropout, l2"
                    : "type, momentum, epsilon"));
        }
    }

    private Object value(String key) {
        return switch (key) {
            case "units" -> units;
            case "activation" -> activation;
            case "bias" -> bias;
            case "init" -> init;
            case "dropout" -> dropout;
            case "l2" -> l2;
            case "momentum" -> momentum;
            default -> epsilon;
        };
    }
}
