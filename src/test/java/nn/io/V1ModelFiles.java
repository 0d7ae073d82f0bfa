package nn.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nn.network.DenseLayer;

/**
 * Writes format-1 model files exactly as nn did before format 2 (the former {@code ModelFile.save}),
 * so that tests can check that such files still load, and damage their JSON text in known ways.
 */
final class V1ModelFiles {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private V1ModelFiles() {
    }

    static void save(SavedModel model, Path file) throws IOException {
        ObjectNode root = ModelHeader.encode(JSON, model, 1);
        // Format 1 had only these four provenance fields.
        ObjectNode p = (ObjectNode) root.get("provenance");
        p.remove("data");
        p.remove("epochs");
        p.remove("metrics");
        ArrayNode layers = (ArrayNode) root.get("layers");
        for (int i = 0; i < layers.size(); i++) {
            DenseLayer layer = model.network().dense(i);
            ObjectNode l = (ObjectNode) layers.get(i);
            // Format 1 knew dense layers only, with no type and no tensor sizes.
            l.remove("type");
            l.remove("tensors");
            l.set("weights", JSON.valueToTree(layer.weights()));
            l.set("biases", JSON.valueToTree(layer.biases()));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, JSON.writeValueAsBytes(root));
    }
}
