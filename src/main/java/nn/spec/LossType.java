package nn.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Loss function. */
public enum LossType {
    @JsonProperty("binary_crossentropy") BINARY_CROSSENTROPY,
    @JsonProperty("categorical_crossentropy") CATEGORICAL_CROSSENTROPY,
    @JsonProperty("mse") MSE;

    /** The name used in YAML. */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
