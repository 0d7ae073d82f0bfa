package nn.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Weight initialisation of a layer (biases always start at zero). {@code he} is he_normal;
 * {@code glorot} and {@code xavier} are glorot_uniform (Keras's default); xavier_* are the same as
 * glorot_*.
 */
public enum InitType {
    @JsonProperty("he") HE,
    @JsonProperty("he_normal") HE_NORMAL,
    @JsonProperty("he_uniform") HE_UNIFORM,
    @JsonProperty("glorot") GLOROT,
    @JsonProperty("glorot_uniform") GLOROT_UNIFORM,
    @JsonProperty("glorot_normal") GLOROT_NORMAL,
    @JsonProperty("xavier") XAVIER,
    @JsonProperty("xavier_uniform") XAVIER_UNIFORM,
    @JsonProperty("xavier_normal") XAVIER_NORMAL;

    /** The name used in YAML. */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
