package nn.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Feature scaling, fitted on the training data only. */
public enum NormalizeType {
    @JsonProperty("none") NONE,
    @JsonProperty("standard") STANDARD,
    @JsonProperty("minmax") MINMAX;

    /** The name used in YAML. */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
