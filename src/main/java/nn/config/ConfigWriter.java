package nn.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import nn.spec.ExperimentSpec;

/**
 * Spec → YAML, with every default filled in: what a run actually used. Reading the text back with
 * {@link ConfigLoader} gives an equal spec.
 */
public final class ConfigWriter {
    private final ObjectMapper yaml = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** The spec as a YAML document. */
    public String write(ExperimentSpec spec) {
        try {
            return yaml.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the spec as YAML", e);
        }
    }
}
