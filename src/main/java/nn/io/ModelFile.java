package nn.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nn.compute.ActivationFunction;
import nn.compute.Activations;
import nn.data.Normalizer;
import nn.data.Scaling;
import nn.network.DenseLayer;
import nn.network.Network;

/**
 * The model file, {@code model.json}: plain JSON, never Java serialization, so loading a model
 * can never run code. {@code formatVersion} changes whenever a reader of the old version could
 * misread the new one.
 */
public final class ModelFile {
    /** The format this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    static final String FORMAT = "nn-model";

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ModelFile() {
    }

    /** Writes {@code model} to {@code file} atomically. */
    public static void save(SavedModel model, Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("name", model.name());
        ObjectNode provenance = root.putObject("provenance");
        provenance.put("seed", model.provenance().seed());
        provenance.put("device", model.provenance().device());
        provenance.put("version", model.provenance().version());
        provenance.put("createdAt", model.provenance().createdAt());
        root.set("config", model.config());
        root.put("inputs", model.network().inputs());
        root.set("featureNames", JSON.valueToTree(model.featureNames()));
        root.set("classNames", JSON.valueToTree(model.classNames()));
        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("scaling", model.normalizer().scaling().name().toLowerCase(Locale.ROOT));
        normalizer.set("offset", JSON.valueToTree(model.normalizer().offset()));
        normalizer.set("scale", JSON.valueToTree(model.normalizer().scale()));
        ArrayNode layers = root.putArray("layers");
        for (DenseLayer layer : model.network().layers()) {
            ObjectNode l = layers.addObject();
            l.put("inputs", layer.inputs());
            l.put("units", layer.units());
            l.put("activation", layer.activation().yamlName());
            l.put("bias", layer.hasBias());
            l.set("weights", JSON.valueToTree(layer.weights()));
            l.set("biases", JSON.valueToTree(layer.biases()));
        }
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the model as JSON", e);
        }
    }

    /** Reads a model file, checking its format and version. */
    public static SavedModel load(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file + ": file not found");
        } catch (IOException e) {
            throw new ModelFormatException(file + ": not a readable model file: " + e.getMessage());
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new ModelFormatException(file + ": not an nn model file (no \"format\": \"" + FORMAT + "\")");
        }
        int version = root.path("formatVersion").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new ModelFormatException(file + ": model format version " + version + "; this nn reads version "
                    + FORMAT_VERSION + (version > FORMAT_VERSION ? " (the model is newer: upgrade nn)" : ""));
        }
        try {
            List<DenseLayer> layers = new ArrayList<>();
            for (JsonNode l : root.withArray("layers")) {
                String at = "layers[" + layers.size() + "].";
                String activation = required(l, at, "activation").asText();
                ActivationFunction function = Activations.byName(activation).orElseThrow(() -> new ModelFormatException(
                        file + ": the model uses the activation '" + activation + "', which is not on the class path; "
                        + "add the jar that registers it (see CustomActivation)"));
                layers.add(new DenseLayer(required(l, at, "inputs").asInt(), required(l, at, "units").asInt(), function,
                        required(l, at, "bias").asBoolean(), JSON.treeToValue(required(l, at, "weights"), float[].class),
                        JSON.treeToValue(required(l, at, "biases"), float[].class)));
            }
            JsonNode n = required(root, "", "normalizer");
            Normalizer normalizer = new Normalizer(
                    Scaling.valueOf(required(n, "normalizer.", "scaling").asText().toUpperCase(Locale.ROOT)),
                    JSON.treeToValue(required(n, "normalizer.", "offset"), float[].class),
                    JSON.treeToValue(required(n, "normalizer.", "scale"), float[].class));
            JsonNode p = required(root, "", "provenance");
            return new SavedModel(required(root, "", "name").asText(),
                    new Network(required(root, "", "inputs").asInt(), layers),
                    List.of(JSON.treeToValue(required(root, "", "featureNames"), String[].class)),
                    List.of(JSON.treeToValue(required(root, "", "classNames"), String[].class)), normalizer,
                    root.get("config"),
                    new SavedModel.Provenance(required(p, "provenance.", "seed").asLong(),
                            required(p, "provenance.", "device").asText(), required(p, "provenance.", "version").asText(),
                            required(p, "provenance.", "createdAt").asText()));
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException | JsonProcessingException e) {
            throw new ModelFormatException(file + ": damaged model file: " + e.getMessage());
        }
    }

    /** {@code parent.key}, which a model file must have; {@code prefix} is the parent's path, for the message. */
    private static JsonNode required(JsonNode parent, String prefix, String key) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("no \"" + prefix + key + "\"");
        }
        return node;
    }

    /** Encodes any value (the resolved spec) as a JSON tree for {@link SavedModel#config()}. */
    public static JsonNode toTree(Object value) {
        return JSON.valueToTree(value);
    }
}
