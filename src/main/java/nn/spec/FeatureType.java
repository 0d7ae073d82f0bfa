package nn.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A CSV column's type, when declared instead of inferred. */
public enum FeatureType {
    @JsonProperty("numeric") NUMERIC,
    @JsonProperty("categorical") CATEGORICAL;

    /** The name used in YAML. */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
