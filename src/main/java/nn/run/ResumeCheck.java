package nn.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import nn.io.Checkpoints;
import nn.io.DataHashes;
import nn.io.ModelDirectory;
import nn.io.ModelFile;
import nn.io.SavedModel;
import nn.spec.ExperimentSpec;
import nn.train.TrainingState;

/**
 * Whether a checkpoint may be resumed under a config: it must have been trained with the same
 * network, loss, optimizer (and its keys), seed and data (by SHA-256), and {@code training.epochs}
 * must not be below the epochs it already holds. Checked before any data is read or weight drawn,
 * so a changed config is refused with every difference named instead of training the old
 * checkpoint under the new name (or failing deep inside the optimizer).
 */
public final class ResumeCheck {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ResumeCheck() {
    }

    /**
     * The training state to resume {@code resolved} (a spec with absolute data paths) from: the
     * newest complete checkpoint of {@code modelDir}, once it matches.
     *
     * @throws RunConflictException naming each difference
     * @throws nn.io.ModelFormatException when there is no complete checkpoint, or it is damaged
     */
    public static TrainingState stateToResume(Path modelDir, ExperimentSpec resolved) {
        Checkpoints.Checkpoint checkpoint = TrainingRun.checkpointToResume(modelDir);
        SavedModel saved = ModelFile.load(ModelDirectory.modelFile(checkpoint.dir()));
        List<String> differences = differences(saved, resolved, checkpoint);
        if (!differences.isEmpty()) {
            throw new RunConflictException("cannot resume " + checkpoint.dir() + " under this config: "
                    + String.join("; ", differences) + "; train without --resume (--overwrite) to start over");
        }
        return Checkpoints.load(checkpoint);
    }

    /** Each way {@code spec} differs from what trained {@code saved}, in words naming the key. */
    static List<String> differences(SavedModel saved, ExperimentSpec spec, Checkpoints.Checkpoint at) {
        List<String> found = new ArrayList<>();
        ExperimentSpec was = saved.config();
        if (was == null) {
            found.add("the checkpoint holds no config to compare with");
        } else {
            diff("network", JSON.valueToTree(was.network()), withAutoWidths(JSON.valueToTree(spec.network()),
                    JSON.valueToTree(was.network())), found);
            diff("loss", JSON.valueToTree(was.loss()), JSON.valueToTree(spec.loss()), found);
            diff("optimizer", JSON.valueToTree(was.optimizer()), JSON.valueToTree(spec.optimizer()), found);
        }
        if (saved.provenance().seed() != spec.seed()) {
            found.add("seed: the checkpoint has " + saved.provenance().seed() + ", the config " + spec.seed());
        }
        try {
            dataDifferences(saved.provenance().data(), DataHashes.of(spec.data()), found);
        } catch (UncheckedIOException e) {
            // A data file that cannot be read: reading the data reports it, naming its key and line.
        }
        int needed = at.epoch() + (at.batch() > 0 ? 1 : 0);
        int epochs = spec.training().epochs();
        if (epochs < needed) {
            found.add("training.epochs: the checkpoint has trained " + at.epoch() + " epochs"
                    + (at.batch() > 0 ? " and " + at.batch() + " batches" : "") + ", the config asks for " + epochs
                    + "; expected at least " + needed + " (a larger value continues to it)");
        }
        return found;
    }

    /**
     * The config's network with its {@code auto} widths (left out: the data decides them) taken
     * from the checkpoint, which recorded what they resolved to. A change of the data that would
     * change them is caught by the data hashes.
     */
    private static JsonNode withAutoWidths(JsonNode now, JsonNode was) {
        if (!(now instanceof com.fasterxml.jackson.databind.node.ObjectNode network)) {
            return now;
        }
        if (absent(network.path("input")) && !absent(was.path("input"))) {
            network.set("input", was.path("input"));
        }
        JsonNode layers = network.path("layers");
        JsonNode before = was.path("layers");
        for (int i = 0; i < layers.size() && i < before.size(); i++) {
            if (layers.get(i) instanceof com.fasterxml.jackson.databind.node.ObjectNode layer
                    && absent(layer.path("units")) && !absent(before.get(i).path("units"))) {
                layer.set("units", before.get(i).path("units"));
            }
        }
        return network;
    }

    private static void dataDifferences(List<SavedModel.DataFile> was, List<SavedModel.DataFile> now, List<String> found) {
        Map<String, String> before = hashes(was);
        Map<String, String> after = hashes(now);
        TreeSet<String> roles = new TreeSet<>(before.keySet());
        roles.addAll(after.keySet());
        for (String role : roles) {
            String a = before.get(role);
            String b = after.get(role);
            if (a == null) {
                found.add("data." + role + ": the checkpoint was trained without it");
            } else if (b == null) {
                found.add("data." + role + ": the checkpoint was trained with it, the config has none");
            } else if (!a.equals(b)) {
                found.add("data." + role + ": the data differs from what the checkpoint was trained on (sha256 "
                        + a.substring(0, 12) + "… then, " + b.substring(0, 12) + "… now)");
            }
        }
    }

    private static Map<String, String> hashes(List<SavedModel.DataFile> files) {
        Map<String, String> byRole = new LinkedHashMap<>();
        for (SavedModel.DataFile f : files) {
            byRole.put(f.role(), f.sha256());
        }
        return byRole;
    }

    /** Adds "path: the checkpoint has A, the config B" for each leaf where the two trees differ. */
    private static void diff(String path, JsonNode was, JsonNode now, List<String> found) {
        if (was.equals(now) || (absent(was) && absent(now))) {
            return;
        }
        if (was.isObject() && now.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            was.fieldNames().forEachRemaining(keys::add);
            now.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                diff(path + "." + key, was.path(key), now.path(key), found);
            }
            return;
        }
        if (was.isArray() && now.isArray()) {
            if (was.size() != now.size()) {
                found.add(path + ": the checkpoint has " + was.size() + " entries, the config " + now.size());
                return;
            }
            Iterator<JsonNode> a = was.elements();
            Iterator<JsonNode> b = now.elements();
            for (int i = 0; a.hasNext(); i++) {
                diff(path + "[" + i + "]", a.next(), b.next(), found);
            }
            return;
        }
        found.add(path + ": the checkpoint has " + shown(was) + ", the config " + shown(now));
    }

    private static boolean absent(JsonNode value) {
        return value.isMissingNode() || value.isNull();
    }

    private static String shown(JsonNode value) {
        return absent(value) ? "none" : value.isTextual() ? value.asText() : value.toString();
    }
}
