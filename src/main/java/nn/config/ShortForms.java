package nn.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rewrites the config's short forms before it is checked and bound: {@code auto} widths
 * ({@code network.input: auto}, {@code units: auto}) become absent keys, which the run fills in
 * from the data, and {@code data.features.NAME: categorical} becomes {@code {type: categorical}}.
 */
final class ShortForms {
    private static final String AUTO = "auto";

    private ShortForms() {
    }

    static void apply(ObjectNode root) {
        if (root.get("network") instanceof ObjectNode network) {
            removeAuto(network, "input");
            if (network.get("layers") != null && network.get("layers").isArray()) {
                for (JsonNode layer : network.get("layers")) {
                    if (layer instanceof ObjectNode l) {
                        removeAuto(l, "units");
                    }
                }
            }
        }
        if (root.get("data") instanceof ObjectNode data && data.get("features") instanceof ObjectNode features) {
            var names = features.fieldNames();
            java.util.List<String> keys = new java.util.ArrayList<>();
            names.forEachRemaining(keys::add);
            for (String name : keys) {
                JsonNode value = features.get(name);
                if (value.isTextual()) {
                    features.putObject(name).put("type", value.asText());
                }
            }
        }
    }

    private static void removeAuto(ObjectNode node, String key) {
        JsonNode value = node.get(key);
        if (value != null && value.isTextual() && value.asText().equals(AUTO)) {
            node.remove(key);
        }
    }
}
