package nn.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import nn.spec.ExperimentSpec;

/**
 * The boundary between a model file's {@code config} JSON and the typed {@link ExperimentSpec}
 * that {@link SavedModel} carries: the file keeps the JSON it always had; readers get the spec.
 */
final class ConfigTrees {
    /**
     * Keys a later version adds must not make an older reader drop the whole config; the model
     * still loads and the spec keeps what it knows.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private ConfigTrees() {
    }

    /** The JSON written for {@code spec}; an empty object for none. */
    static JsonNode write(ExperimentSpec spec) {
        return spec == null ? JSON.createObjectNode() : JSON.valueToTree(spec);
    }

    /**
     * The spec a file's config holds, or null when it holds none that reads as a spec (an empty
     * object, or a hand-made file): the model's weights, names and normaliser do not need it.
     */
    static ExperimentSpec read(JsonNode config) {
        if (config == null || !config.isObject() || config.isEmpty()) {
            return null;
        }
        try {
            return JSON.treeToValue(config, ExperimentSpec.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }
}
