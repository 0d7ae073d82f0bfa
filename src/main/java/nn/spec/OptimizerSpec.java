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
 * How parameters are updated from their gradients. Keys that belong to another optimizer type are
 * left null here and rejected by {@link #check}; a null key takes the default its description gives.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OptimizerSpec(
        @JsonPropertyDescription("The update rule: sgd, adam or adamw.") @Default("sgd") OptimizerType type,
        @JsonPropertyDescription("Step size; default 0.01 for sgd, 0.001 for adam and adamw (as Keras).")
        @Positive Double learningRate,
        @JsonPropertyDescription("sgd only: momentum in [0, 1); default 0 (plain SGD).")
        @DecimalMin(value = "0", message = "must be at least 0")
        @DecimalMax(value = "1", inclusive = false, message = "must be less than 1") Double momentum,
        @JsonPropertyDescription("sgd only: Nesterov momentum; default false.") Boolean nesterov,
        @JsonPropertyDescription("adam/adamw: decay of the first moment, in [0, 1); default 0.9.")
        @DecimalMin(value = "0", message = "must be at least 0")
        @DecimalMax(value = "1", inclusive = false, message = "must be less than 1") Double beta1,
        @JsonPropertyDescription("adam/adamw: decay of the second moment, in [0, 1); default 0.999.")
        @DecimalMin(value = "0", message = "must be at least 0")
        @DecimalMax(value = "1", inclusive = false, message = "must be less than 1") Double beta2,
        @JsonPropertyDescription("adam/adamw: added to the root of the second moment; default 1e-7.")
        @Positive Double epsilon,
        @JsonPropertyDescription("adamw only: decoupled weight decay λ (θ ← θ − η·λ·θ each step); default 0.004.")
        @PositiveOrZero Double weightDecay) {

    public OptimizerSpec {
        type = type == null ? OptimizerType.SGD : type;
    }

    /** Plain SGD with a learning rate. */
    public OptimizerSpec(OptimizerType type, Double learningRate) {
        this(type, learningRate, null, null, null, null, null, null);
    }

    /** The learning rate given, else the type's default. */
    public double learningRateOrDefault() {
        return learningRate != null ? learningRate : type == OptimizerType.SGD ? 0.01 : 0.001;
    }

    /** Rejects keys given for another optimizer type, naming the key and what the type takes. */
    public void check() {
        List<String> foreign = new ArrayList<>();
        boolean sgd = type == OptimizerType.SGD;
        addIf(foreign, !sgd && momentum != null, "momentum");
        addIf(foreign, !sgd && nesterov != null, "nesterov");
        addIf(foreign, sgd && beta1 != null, "beta1");
        addIf(foreign, sgd && beta2 != null, "beta2");
        addIf(foreign, sgd && epsilon != null, "epsilon");
        addIf(foreign, type != OptimizerType.ADAMW && weightDecay != null, "weight_decay");
        if (!foreign.isEmpty()) {
            String key = foreign.get(0);
            throw new SpecException("optimizer." + key, "'" + key + "' does not apply to " + type.yamlName()
                    + "; expected only " + allowedKeys() + (key.equals("weight_decay") ? " (weight_decay needs adamw)"
                    : ""));
        }
        if (Boolean.TRUE.equals(nesterov) && (momentum == null || momentum == 0)) {
            throw new SpecException("optimizer.nesterov", "nesterov needs momentum; expected momentum > 0 as well");
        }
        // Training runs in float32: a positive double that rounds to 0 (1e-50) or overflows (1e300) is no rate.
        float rate = (float) learningRateOrDefault();
        if (!(rate > 0) || Float.isInfinite(rate)) {
            throw new SpecException("optimizer.learning_rate", "learning_rate " + learningRateOrDefault() + " is "
                    + rate + " in float32, the precision training runs in; expected a value between "
                    + Float.MIN_NORMAL + " and " + Float.MAX_VALUE);
        }
    }

    private String allowedKeys() {
        return switch (type) {
            case SGD -> "type, learning_rate, momentum, nesterov";
            case ADAM -> "type, learning_rate, beta1, beta2, epsilon";
            case ADAMW -> "type, learning_rate, beta1, beta2, epsilon, weight_decay";
        };
    }

    private static void addIf(List<String> keys, boolean condition, String key) {
        if (condition) {
            keys.add(key);
        }
    }
}
