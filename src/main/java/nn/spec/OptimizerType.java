package nn.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Optimizer. */
public enum OptimizerType {
    @JsonProperty("sgd") SGD;

    /** The name used in YAML. */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
