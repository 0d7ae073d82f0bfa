package nn.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;

/**
 * {@code --set key.path=value} on the parsed tree, before binding, so an override is typed and
 * validated exactly like the same value written in the file.
 */
final class Overrides {
    /** Far deeper than any key of the schema (network.layers[0].… is four), shallow enough for any parser. */
    static final int MAX_DEPTH = 32;
    private static final int MAX_QUOTED = 120;

    private Overrides() {
    }

    static void apply(YAMLFactory yaml, ObjectNode root, SourceMap sources, List<String> assignments) {
        for (String assignment : assignments) {
            // Quoted in full only when short: a hostile override must not make a page-long message.
            String origin = "--set " + (assignment.length() <= MAX_QUOTED ? assignment
                    : assignment.substring(0, MAX_QUOTED) + "…");
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(origin + ": expected key.path=value, as in --set training.epochs=10");
            }
            String path = assignment.substring(0, eq).trim();
            long depth = path.chars().filter(c -> c == '.' || c == '[').count() + 1;
            if (depth > MAX_DEPTH) {
                throw new ConfigException(origin + ": the key path is " + depth + " levels deep; no config key is deeper than "
                        + MAX_DEPTH);
            }
            List<KeyPaths.Step> steps;
            try {
                steps = KeyPaths.parse(path);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(origin + ": " + e.getMessage());
            }
            JsonNode value = YamlTreeReader.readScalarOrFlow(yaml, origin, assignment.substring(eq + 1));
            set(root, steps, value, origin, path);
            sources.replaceSubtree(canonical(steps), origin);
        }
    }

    private static void set(ObjectNode root, List<KeyPaths.Step> steps, JsonNode value, String origin, String path) {
        JsonNode current = root;
        String walked = "";
        for (int i = 0; i < steps.size(); i++) {
            KeyPaths.Step step = steps.get(i);
            boolean last = i == steps.size() - 1;
            if (step.isIndex()) {
                if (!(current instanceof ArrayNode array)) {
                    throw new ConfigException(origin + ": " + walked + " is not a list; cannot take item [" + step.index() + "]");
                }
                if (step.index() >= array.size()) {
                    throw new ConfigException(origin + ": " + walked + " has " + array.size() + " items; index "
                            + step.index() + " is out of range");
                }
                if (last) {
                    array.set(step.index(), value);
                    return;
                }
                current = array.get(step.index());
                walked = KeyPaths.element(walked, step.index());
            } else {
                if (!(current instanceof ObjectNode object)) {
                    throw new ConfigException(origin + ": " + (walked.isEmpty() ? "the top level" : walked)
                            + " is not a mapping; cannot set key '" + step.key() + "'");
                }
                if (last) {
                    object.set(step.key(), value);
                    return;
                }
                JsonNode next = object.get(step.key());
                if (next == null || next.isNull()) {
                    next = steps.get(i + 1).isIndex() ? object.putArray(step.key()) : object.putObject(step.key());
                }
                current = next;
                walked = KeyPaths.child(walked, step.key());
            }
        }
        throw new ConfigException(origin + ": empty key path '" + path + "'");
    }

    private static String canonical(List<KeyPaths.Step> steps) {
        String path = "";
        for (KeyPaths.Step step : steps) {
            path = step.isIndex() ? KeyPaths.element(path, step.index()) : KeyPaths.child(path, step.key());
        }
        return path;
    }
}
