package nn.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a categorical column becomes inputs. */
public enum EncodingType {
    /** One input per kept category, plus one for unseen or infrequent values. */
    @JsonProperty("one_hot") ONE_HOT,
    /** One integer-id input (0 = unknown or other), looked up in a trained table by an embedding first layer. */
    @JsonProperty("embedding") EMBEDDING;

    /** The name used in YAML. */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
