package nn.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Activation function of a layer. */
public enum ActivationType {
    @JsonProperty("relu") RELU,
    @JsonProperty("leaky_relu") LEAKY_RELU,
    @JsonProperty("sigmoid") SIGMOID,
    @JsonProperty("tanh") TANH,
    @JsonProperty("softmax") SOFTMAX,
    @JsonProperty("linear") LINEAR;

    /** The name used in YAML. */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
