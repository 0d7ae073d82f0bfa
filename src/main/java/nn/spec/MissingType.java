package nn.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a missing cell becomes: a numeric column's median, mean or a constant, or an error. */
public enum MissingType {
    @JsonProperty("median") MEDIAN,
    @JsonProperty("mean") MEAN,
    @JsonProperty("constant") CONSTANT,
    @JsonProperty("error") ERROR;

    /** The name used in YAML. */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
