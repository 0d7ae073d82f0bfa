package nn.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nn.compute.ActivationFunction;
import nn.compute.Activations;
import nn.data.Normalizer;
import nn.data.Preprocessing;
import nn.data.Scaling;
import nn.network.Layer;
import nn.network.LayerEntry;
import nn.network.Network;

/**
 * The JSON part of a model file, shared by format 1 (weights inline as number arrays), format 2
 * (weights in the binary body) and format 3 (each layer's type, scalar fields and tensor sizes,
 * its tensors in the binary body), and format 4 (format 3 plus the fitted preprocessing:
 * column types, vocabularies, imputation, target scaling): everything but where the values come from. Formats 1 and 2
 * hold dense layers only.
 */
final class ModelHeader {
    private ModelHeader() {
    }

    /** Where a layer's values come from when the header is read. */
    interface Values {
        /** Layer {@code layer}'s tensor {@code name} of {@code count} values; {@code l} is its header entry. */
        float[] tensor(int layer, JsonNode l, String name, long count) throws JsonProcessingException;
    }

    /** The header of {@code model} without any weight values. */
    static ObjectNode encode(ObjectMapper json, SavedModel model, int formatVersion) {
        ObjectNode root = json.createObjectNode();
        root.put("format", ModelFile.FORMAT);
        root.put("formatVersion", formatVersion);
        root.put("name", model.name());
        root.set("provenance", provenance(json, model.provenance()));
        root.set("config", ConfigTrees.write(model.config()));
        root.put("inputs", model.network().inputs());
        root.set("featureNames", json.valueToTree(model.featureNames()));
        root.set("classNames", json.valueToTree(model.classNames()));
        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("scaling", model.normalizer().scaling().name().toLowerCase(Locale.ROOT));
        normalizer.set("offset", json.valueToTree(model.normalizer().offset()));
        normalizer.set("scale", json.valueToTree(model.normalizer().scale()));
        if (formatVersion >= 4) {
            root.set("preprocessing", json.valueToTree(model.preprocessing()));
        }
        ArrayNode layers = root.putArray("layers");
        for (Layer layer : model.network().layers()) {
            LayerEntry entry = layer.entry();
            ObjectNode l = layers.addObject();
            l.put("type", entry.type());
            entry.fields().forEach((key, value) -> l.set(key, json.valueToTree(value)));
            ObjectNode tensors = l.putObject("tensors");
            entry.tensors().forEach((name, values) -> tensors.put(name, values.length));
        }
        return root;
    }

    private static ObjectNode provenance(ObjectMapper json, SavedModel.Provenance p) {
        ObjectNode node = json.createObjectNode();
        node.put("seed", p.seed());
        node.put("device", p.device());
        node.put("version", p.version());
        node.put("createdAt", p.createdAt());
        ArrayNode data = node.putArray("data");
        for (SavedModel.DataFile f : p.data()) {
            data.addObject().put("role", f.role()).put("path", f.path()).put("sha256", f.sha256());
        }
        node.put("epochs", p.epochs());
        ObjectNode metrics = node.putObject("metrics");
        p.metrics().forEach(metrics::put);
        return node;
    }

    /** The model that {@code root} describes, its values read through {@code values}. */
    static SavedModel decode(ObjectMapper json, JsonNode root, Path file, Values values) throws JsonProcessingException {
        int version = root.path("formatVersion").asInt(-1);
        List<Layer> layers = new ArrayList<>();
        for (JsonNode l : root.withArray("layers")) {
            int index = layers.size();
            LayerEntry entry = version >= 3 ? entry(l, index, values) : denseEntry(l, index, values);
            try {
                layers.add(entry.toLayer());
            } catch (LayerEntry.UnknownActivationException e) {
                throw new ModelFormatException(file + ": the model uses the activation '" + e.name()
                        + "', which is not on the class path; add the jar that registers it (see CustomActivation)");
            }
        }
        JsonNode n = required(root, "", "normalizer");
        Normalizer normalizer = new Normalizer(
                Scaling.valueOf(required(n, "normalizer.", "scaling").asText().toUpperCase(Locale.ROOT)),
                json.treeToValue(required(n, "normalizer.", "offset"), float[].class),
                json.treeToValue(required(n, "normalizer.", "scale"), float[].class));
        List<String> featureNames = List.of(json.treeToValue(required(root, "", "featureNames"), String[].class));
        // Before format 4 every input was a numeric column taken as it is.
        Preprocessing preprocessing = version >= 4
                ? json.treeToValue(required(root, "", "preprocessing"), Preprocessing.class)
                : Preprocessing.numeric(featureNames);
        return new SavedModel(required(root, "", "name").asText(),
                new Network(required(root, "", "inputs").asInt(), layers), featureNames,
                List.of(json.treeToValue(required(root, "", "classNames"), String[].class)), normalizer,
                ConfigTrees.read(root.get("config")), provenance(required(root, "", "provenance")), preprocessing);
    }

    /** A format-3 layer: its type, every other key but "tensors" a scalar field, then its tensors by size. */
    private static LayerEntry entry(JsonNode l, int index, Values values) throws JsonProcessingException {
        String at = "layers[" + index + "].";
        String type = required(l, at, "type").asText();
        Map<String, Object> fields = new LinkedHashMap<>();
        var keys = l.fields();
        while (keys.hasNext()) {
            var e = keys.next();
            if (!e.getKey().equals("type") && !e.getKey().equals("tensors")) {
                fields.put(e.getKey(), scalar(e.getValue(), at + e.getKey()));
            }
        }
        Map<String, float[]> tensors = new LinkedHashMap<>();
        var sizes = required(l, at, "tensors").fields();
        while (sizes.hasNext()) {
            var e = sizes.next();
            if (!e.getValue().canConvertToLong() || e.getValue().asLong() < 0) {
                throw new IllegalArgumentException("\"" + at + "tensors." + e.getKey() + "\" is not a size");
            }
            tensors.put(e.getKey(), values.tensor(index, l, e.getKey(), e.getValue().asLong()));
        }
        return new LayerEntry(type, fields, tensors);
    }

    private static Object scalar(JsonNode v, String at) {
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            return v.asText();
        }
        throw new IllegalArgumentException("\"" + at + "\" is not a number, string or boolean");
    }

    /** A format-1 or -2 layer, always dense: inputs, units, activation, bias, then weights and biases. */
    private static LayerEntry denseEntry(JsonNode l, int index, Values values) throws JsonProcessingException {
        String at = "layers[" + index + "].";
        int inputs = required(l, at, "inputs").asInt();
        int units = required(l, at, "units").asInt();
        boolean bias = required(l, at, "bias").asBoolean();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("inputs", inputs);
        fields.put("units", units);
        fields.put("activation", required(l, at, "activation").asText());
        fields.put("bias", bias);
        Map<String, float[]> tensors = new LinkedHashMap<>();
        // In long: two large sizes overflow int, and DenseLayer then names the mismatch.
        tensors.put("weights", values.tensor(index, l, "weights", (long) inputs * units));
        tensors.put("biases", values.tensor(index, l, "biases", bias ? units : 0));
        return new LayerEntry("dense", fields, tensors);
    }

    /** Format 1 has only seed, device, version and date; the rest is optional so that it still loads. */
    private static SavedModel.Provenance provenance(JsonNode p) {
        List<SavedModel.DataFile> data = new ArrayList<>();
        for (JsonNode f : p.path("data")) {
            data.add(new SavedModel.DataFile(required(f, "provenance.data.", "role").asText(),
                    required(f, "provenance.data.", "path").asText(), required(f, "provenance.data.", "sha256").asText()));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        p.path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
        return new SavedModel.Provenance(required(p, "provenance.", "seed").asLong(),
                required(p, "provenance.", "device").asText(), required(p, "provenance.", "version").asText(),
                required(p, "provenance.", "createdAt").asText(), data, p.path("epochs").asInt(0), metrics);
    }

    /** {@code parent.key}, which a model file must have; {@code prefix} is the parent's path, for the message. */
    static JsonNode required(JsonNode parent, String prefix, String key) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("no \"" + prefix + key + "\"");
        }
        return node;
    }
}
