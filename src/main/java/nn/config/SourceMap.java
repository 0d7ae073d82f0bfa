package nn.config;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each key path of a config came from: a file position ({@code configs/x.yaml:7:5}) or an
 * override ({@code --set training.epochs=5}). Paths look like {@code network.layers[1].units};
 * the root is the empty path.
 */
final class SourceMap {
    private final Map<String, String> keys = new HashMap<>();
    private final Map<String, String> values = new HashMap<>();

    void putKey(String path, String origin) {
        keys.put(path, origin);
    }

    void putValue(String path, String origin) {
        values.put(path, origin);
    }

    /** Position of the key itself (for unknown or duplicate keys), else of the nearest ancestor. */
    String keyOrigin(String path) {
        return find(keys, path);
    }

    /** Position of the value (for wrong types and ranges), else of its key, else an ancestor. */
    String valueOrigin(String path) {
        String exact = values.get(path);
        return exact != null ? exact : find(keys, path);
    }

    /** Forgets what was recorded at and under {@code path}, before an override replaces it. */
    void replaceSubtree(String path, String origin) {
        keys.keySet().removeIf(p -> KeyPaths.isWithin(p, path));
        values.keySet().removeIf(p -> KeyPaths.isWithin(p, path));
        keys.put(path, origin);
        values.put(path, origin);
    }

    private String find(Map<String, String> map, String path) {
        String current = path;
        while (true) {
            String origin = map.get(current);
            if (origin != null) {
                return origin;
            }
            if (current.isEmpty()) {
                return values.getOrDefault("", "");
            }
            current = KeyPaths.parent(current);
        }
    }
}
