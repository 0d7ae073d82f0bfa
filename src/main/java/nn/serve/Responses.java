package nn.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import nn.data.ColumnEncoder;
import nn.data.ColumnKind;
import nn.io.SavedModel;
import nn.model.Model;
import nn.model.Prediction;

/** The JSON bodies the server answers with. */
final class Responses {
    static final ObjectMapper JSON = new ObjectMapper();

    private Responses() {
    }

    static byte[] error(String message) {
        return bytes(JSON.createObjectNode().put("error", message));
    }

    static byte[] status(String status) {
        return bytes(JSON.createObjectNode().put("status", status));
    }

    /** {@code {"predictions": [...]}}: label and probabilities by class, or the value for regression. */
    static byte[] predictions(List<Prediction> predictions, List<String> classes) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("predictions");
        for (Prediction p : predictions) {
            if (classes.isEmpty()) {
                list.add(p.value());
                continue;
            }
            ObjectNode row = list.addObject().put("label", p.label());
            ObjectNode probabilities = row.putObject("probabilities");
            double[] ps = p.probabilities();
            for (int c = 0; c < classes.size(); c++) {
                probabilities.put(classes.get(c), ps[c]);
            }
        }
        return bytes(root);
    }

    /** The model's metadata: its feature columns with kinds and categories, classes and provenance. */
    static byte[] metadata(String name, Model model) {
        SavedModel saved = model.saved();
        ObjectNode root = JSON.createObjectNode().put("name", name);
        ArrayNode features = root.putArray("features");
        for (ColumnEncoder c : saved.preprocessing().columns()) {
            ObjectNode f = features.addObject().put("name", c.name())
                    .put("type", c.kind().name().toLowerCase(Locale.ROOT));
            if (c.kind() != ColumnKind.NUMERIC) {
                c.categories().forEach(f.putArray("categories")::add);
            }
        }
        root.put("task", model.classNames().isEmpty() ? "regression" : "classification");
        model.classNames().forEach(root.putArray("classes")::add);
        root.set("provenance", JSON.valueToTree(saved.provenance()));
        return bytes(root);
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
