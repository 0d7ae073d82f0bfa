package nn.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Optimizer: sgd (with optional momentum), adam, or adamw (Adam with decoupled weight decay). */
public enum OptimizerType {
    @JsonProperty("sgd") SGD,
    @JsonProperty("adam") ADAM,
    @JsonProperty("adamw") ADAMW;

    /** The name used in YAML. */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
