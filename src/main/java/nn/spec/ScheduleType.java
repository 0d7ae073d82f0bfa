package nn.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Shape of the learning-rate schedule after warm-up. */
public enum ScheduleType {
    @JsonProperty("constant") CONSTANT,
    @JsonProperty("step") STEP,
    @JsonProperty("cosine") COSINE;

    /** The name used in YAML. */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
