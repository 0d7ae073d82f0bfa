package nn.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kind of a layer in a config. */
public enum LayerType {
    @JsonProperty("dense") DENSE,
    @JsonProperty("batch_norm") BATCH_NORM;

    /** The name used in YAML. */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
