package nn.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where training runs: auto picks an OpenCL GPU when one is usable, else Java threads. */
public enum DeviceType {
    @JsonProperty("auto") AUTO,
    @JsonProperty("java") JAVA,
    @JsonProperty("opencl") OPENCL,
    @JsonProperty("gpu") GPU;

    /** The name used in YAML. */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
