package nn.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import nn.spec.Suggestions;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nn.spec.Registered;

/**
 * Walks the YAML tree beside the spec records before binding, so that every unknown key and every
 * value of the wrong kind in a file is reported at once, in file order, rather than only the
 * first one Jackson stops at.
 */
final class SchemaWalker {
    private final SourceMap sources;
    private final Map<String, List<String>> registries;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private SchemaWalker(SourceMap sources, Map<String, List<String>> registries) {
        this.sources = sources;
        this.registries = registries;
    }

    /**
     * Every problem found in {@code root} read as {@code type}, in no particular order;
     * {@code registries} holds the names a {@link Registered} key may take.
     */
    static List<ConfigProblem> check(JsonNode root, Class<?> type, SourceMap sources, Map<String, List<String>> registries) {
        SchemaWalker walker = new SchemaWalker(sources, registries);
        walker.walk(root, type, "");
        return walker.problems;
    }

    /** The YAML names of a spec record's keys, mapped to their Java types. */
    static Map<String, Type> keysOf(Class<?> record) {
        Map<String, Type> keys = new LinkedHashMap<>();
        boolean snake = record.isAnnotationPresent(JsonNaming.class);
        var naming = new PropertyNamingStrategies.SnakeCaseStrategy();
        for (RecordComponent c : record.getRecordComponents()) {
            keys.put(snake ? naming.translate(c.getName()) : c.getName(), c.getGenericType());
        }
        return keys;
    }

    /** The YAML names of an enum's values, from {@code @JsonProperty} on the constants. */
    static List<String> enumNames(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
            String name = ((Enum<?>) constant).name();
            try {
                JsonProperty property = type.getField(name).getAnnotation(JsonProperty.class);
                names.add(property != null ? property.value() : name);
            } catch (NoSuchFieldException e) {
                names.add(name);
            }
        }
        return names;
    }

    private void walk(JsonNode node, Type type, String path) {
        if (node == null || node.isNull()) {
            return; // missing and null values are Bean Validation's to judge
        }
        Class<?> raw = rawClass(type);
        if (raw.isRecord()) {
            if (!node.isObject()) {
                mismatch(path, "a mapping of keys", node);
                return;
            }
            Map<String, Type> keys = keysOf(raw);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String childPath = KeyPaths.child(path, field.getKey());
                Type childType = keys.get(field.getKey());
                Registered registered = registeredOf(raw, field.getKey());
                if (childType == null) {
                    unknownKey(path, childPath, field.getKey(), keys.keySet());
                } else if (registered != null) {
                    oneOf(field.getValue(), registries.getOrDefault(registered.value(), List.of()), childPath);
                } else {
                    walk(field.getValue(), childType, childPath);
                }
            }
        } else if (List.class.isAssignableFrom(raw)) {
            if (!node.isArray()) {
                mismatch(path, "a list", node);
                return;
            }
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), element, KeyPaths.element(path, i));
            }
        } else if (raw.isEnum()) {
            oneOf(node, enumNames(raw), path);
        } else if (raw == Integer.class || raw == Long.class) {
            boolean fits = raw == Integer.class ? node.canConvertToInt() : node.canConvertToLong();
            if (!node.isIntegralNumber()) {
                mismatch(path, "an integer", node);
            } else if (!fits) {
                add(sources.valueOrigin(path), path + ": " + node.asText() + " is too large; expected an integer up to "
                        + (raw == Integer.class ? Integer.MAX_VALUE : Long.MAX_VALUE));
            }
        } else if (raw == Double.class || raw == Float.class) {
            if (!node.isNumber()) {
                mismatch(path, "a number", node);
            }
        } else if (raw == Boolean.class) {
            if (!node.isBoolean()) {
                mismatch(path, "true or false", node);
            }
        } else if (raw == String.class && !node.isValueNode()) {
            mismatch(path, "a string", node);
        }
    }

    private void oneOf(JsonNode node, List<String> allowed, String path) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isTextual() || !allowed.contains(node.asText())) {
            String typed = node.isValueNode() ? node.asText() : "";
            String hint = Suggestions.closest(typed, allowed).map(s -> "; did you mean '" + s + "'?").orElse("");
            add(sources.valueOrigin(path), path + ": unknown value " + describe(node) + "; expected one of "
                    + String.join(", ", allowed) + hint);
        }
    }

    /** The {@link Registered} annotation of a record's key, if it has one. */
    static Registered registeredOf(Class<?> record, String yamlKey) {
        boolean snake = record.isAnnotationPresent(JsonNaming.class);
        var naming = new PropertyNamingStrategies.SnakeCaseStrategy();
        for (RecordComponent c : record.getRecordComponents()) {
            if ((snake ? naming.translate(c.getName()) : c.getName()).equals(yamlKey)) {
                return c.getAnnotation(Registered.class);
            }
        }
        return null;
    }

    private void unknownKey(String parent, String childPath, String key, Iterable<String> known) {
        List<String> names = new ArrayList<>();
        known.forEach(names::add);
        String where = parent.isEmpty() ? "" : parent + ": ";
        String at = parent.isEmpty() ? " at the top level" : "";
        String hint = Suggestions.closest(key, names).map(s -> "; did you mean '" + s + "'?")
                .orElse("; expected one of " + String.join(", ", names.stream().sorted().toList()));
        add(sources.keyOrigin(childPath), where + "unknown key '" + key + "'" + at + hint);
    }

    private void mismatch(String path, String expected, JsonNode node) {
        add(sources.valueOrigin(path), (path.isEmpty() ? "" : path + ": ") + "expected " + expected + ", got " + describe(node));
    }

    private void add(String origin, String text) {
        problems.add(new ConfigProblem(origin, text));
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "nothing";
        }
        if (node.isTextual()) {
            return "'" + shortened(node.asText()) + "'";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        return shortened(node.asText());
    }

    /** A value as an error line can quote it: a 4,000-character scalar would drown the message. */
    private static String shortened(String text) {
        return text.length() <= 60 ? text : text.substring(0, 50) + "… (" + text.length() + " characters)";
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalArgumentException("unsupported spec type " + type);
    }
}
