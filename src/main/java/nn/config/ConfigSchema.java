package nn.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import java.util.Iterator;
import java.util.Map;
import java.util.List;
import nn.dsl.NetworkBuilder;
import nn.spec.Default;
import nn.spec.Registered;
import nn.spec.ExperimentSpec;

/**
 * The JSON Schema (draft 2020-12) of a config file, generated from the annotations on the spec
 * records: names and descriptions (Jackson), constraints and required keys (Bean Validation),
 * defaults ({@link Default}). Editors use it for completion; the README's key reference comes from
 * it too.
 */
public final class ConfigSchema {
    private ConfigSchema() {
    }

    /** The schema as a JSON tree, listing the activations on the class path, custom ones included. */
    public static ObjectNode generate() {
        return generate(NetworkBuilder.activationNames());
    }

    /** The schema with {@code activationNames} as the allowed activations. */
    public static ObjectNode generate(List<String> activationNames) {
        SchemaGeneratorConfigBuilder builder = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY))
                .with(new JakartaValidationModule(JakartaValidationOption.NOT_NULLABLE_FIELD_IS_REQUIRED,
                        JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS))
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
                .with(Option.DEFINITIONS_FOR_ALL_OBJECTS);
        // A registered name (an activation) is a string whose allowed values are known at run time.
        builder.forFields().withEnumResolver(field -> {
            Registered registered = field.getAnnotationConsideringFieldAndGetter(Registered.class);
            return registered != null && registered.value().equals("activation")
                    ? List.<Object>copyOf(activationNames) : null;
        });
        builder.forFields().withDefaultResolver(field -> {
            Default d = field.getAnnotationConsideringFieldAndGetter(Default.class);
            return d == null ? null : typed(d.value());
        });
        ObjectNode schema = new SchemaGenerator(builder.build()).generateSchema(ExperimentSpec.class);
        layerTypeRules((ObjectNode) schema.path("$defs").path("LayerSpec"));
        tabularRules((ObjectNode) schema.path("$defs"));
        schema.put("title", "nn training config");
        schema.put("description", "A YAML file that declares a network, its loss, optimizer, training settings, "
                + "data and device; run it with: java -jar nn.jar CONFIG");
        return schema;
    }

    /**
     * What {@code LayerSpec.check} enforces, for editors: a batch_norm layer takes none of the dense
     * keys, and any other (dense, the default) layer needs units (a number, or auto on the output
     * layer) and activation and takes no batch_norm keys.
     */
    /**
     * What {@code ShortForms} accepts: {@code auto} for {@code network.input} and {@code units},
     * and {@code data.features} as column name to a type or a {@code FeatureSpec} object.
     */
    private static void tabularRules(ObjectNode defs) {
        for (ObjectNode owner : List.of((ObjectNode) defs.path("LayerSpec").path("properties"),
                (ObjectNode) defs.path("NetworkSpec").path("properties"))) {
            String key = owner.has("units") ? "units" : "input";
            ObjectNode number = (ObjectNode) owner.get(key);
            String description = number.path("description").asText();
            number.remove("description");
            ObjectNode either = owner.putObject(key);
            either.put("description", description);
            either.putArray("anyOf").add(number).addObject().put("const", "auto");
        }
        ObjectNode features = (ObjectNode) defs.path("Map(String,FeatureSpec)");
        ObjectNode value = features.putObject("additionalProperties");
        var anyOf = value.putArray("anyOf");
        anyOf.addObject().putArray("enum").add("numeric").add("categorical");
        ObjectNode object = anyOf.addObject();
        object.put("type", "object");
        object.put("additionalProperties", false);
        ObjectNode props = object.putObject("properties");
        props.putObject("type").putArray("enum").add("numeric").add("categorical");
        props.putObject("missing").putArray("enum").add("median").add("mean").add("constant").add("error");
        props.putObject("fill").put("type", "number");
        props.putObject("encoding").putArray("enum").add("one_hot");
    }

    private static void layerTypeRules(ObjectNode layer) {
        if (layer.isMissingNode() || layer.isEmpty()) {
            throw new IllegalStateException("the schema has no LayerSpec definition");
        }
        ObjectNode condition = layer.putObject("if");
        condition.putObject("properties").putObject("type").put("const", "batch_norm");
        condition.putArray("required").add("type");
        ObjectNode then = layer.putObject("then").putObject("properties");
        for (String key : List.of("units", "activation", "bias", "init", "dropout", "l2")) {
            then.put(key, false);
        }
        ObjectNode otherwise = layer.putObject("else");
        otherwise.putArray("required").add("units").add("activation");
        ObjectNode props = otherwise.putObject("properties");
        props.put("momentum", false);
        props.put("epsilon", false);
    }

    /** A default as a plain value: numbers and booleans as such, anything else as text. */
    private static Object typed(String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notInteger) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException notNumber) {
                return value;
            }
        }
    }

    /** Every key of the schema as a Markdown table: key path, type, default, constraints, description. */
    public static String markdownReference(ObjectNode schema) {
        StringBuilder md = new StringBuilder();
        md.append("# Config reference\n\n")
                .append("Generated from the annotations on the `nn.spec` records by `java -jar nn.jar schema --markdown`;\n")
                .append("do not edit by hand (a test checks that this file is up to date).\n\n")
                .append("| key | type | required | default | allowed | description |\n")
                .append("|---|---|---|---|---|---|\n");
        rows(md, schema, schema, "");
        return md.toString();
    }

    private static void rows(StringBuilder md, ObjectNode root, JsonNode node, String path) {
        JsonNode resolved = resolve(root, node);
        JsonNode properties = resolved.path("properties");
        JsonNode required = resolved.path("required");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            JsonNode declared = field.getValue();
            JsonNode property = merged(root, declared);
            boolean isRequired = false;
            for (JsonNode r : required) {
                isRequired |= r.asText().equals(field.getKey());
            }
            JsonNode items = property.has("items") ? resolve(root, property.get("items")) : null;
            String type = property.path("type").asText(property.has("enum") ? "string" : "object");
            String shown = items != null && items.has("properties") ? key + "[]" : key;
            md.append("| `").append(shown).append("` | ").append(type)
                    .append(items != null ? " of " + items.path("type").asText("object") : "")
                    .append(" | ").append(isRequired ? "yes" : "")
                    .append(" | ").append(property.has("default") ? "`" + property.get("default").asText() + "`" : "")
                    .append(" | ").append(allowed(property))
                    .append(" | ").append(property.path("description").asText())
                    .append(" |\n");
            if (property.has("properties")) {
                rows(md, root, property, key);
            } else if (items != null && items.has("properties")) {
                rows(md, root, items, key + "[]");
            }
        }
    }

    private static String allowed(JsonNode property) {
        if (property.has("enum")) {
            StringBuilder values = new StringBuilder();
            for (JsonNode v : property.get("enum")) {
                values.append(values.length() == 0 ? "" : ", ").append('`').append(v.asText()).append('`');
            }
            return values.toString();
        }
        if (property.has("const")) {
            return "`" + property.get("const").asText() + "`";
        }
        if (property.has("exclusiveMinimum")) {
            return "> " + property.get("exclusiveMinimum").asText();
        }
        if (property.has("minimum")) {
            return "≥ " + property.get("minimum").asText();
        }
        if (property.has("minItems")) {
            return "at least " + property.get("minItems").asText() + " item(s)";
        }
        if (property.has("pattern")) {
            return "`" + property.get("pattern").asText() + "`";
        }
        return "";
    }

    /** A property whose type is a reference: the target's type and values with the property's own description and default. */
    private static JsonNode merged(ObjectNode root, JsonNode declared) {
        JsonNode target = resolve(root, declared);
        if (target == declared || !target.isObject()) {
            return declared;
        }
        ObjectNode copy = ((ObjectNode) target).deepCopy();
        declared.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("$ref")) {
                copy.set(e.getKey(), e.getValue());
            }
        });
        return copy;
    }

    private static JsonNode resolve(ObjectNode root, JsonNode node) {
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            JsonNode target = root.at(ref.substring(1));
            return target.isMissingNode() ? node : target;
        }
        return node;
    }
}
