package nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import nn.data.Normalizer;
import nn.network.Network;

/**
 * A trained model as stored: the network, the names of its input features and classes (empty for
 * regression), the normaliser to apply to raw features, the resolved config and provenance.
 * The parts must fit together (one feature name and one normaliser entry per input, classes that
 * the output layer can tell apart, finite parameters): a model that loads can always predict.
 */
public record SavedModel(String name, Network network, List<String> featureNames, List<String> classNames,
                         Normalizer normalizer, JsonNode config, Provenance provenance) {
    public SavedModel {
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
        int inputs = network.inputs();
        if (featureNames.size() != inputs) {
            throw new IllegalArgumentException(featureNames.size() + " feature names for " + inputs + " inputs");
        }
        if (normalizer.offset().length != inputs) {
            throw new IllegalArgumentException("the normalizer has " + normalizer.offset().length + " entries for "
                    + inputs + " inputs");
        }
        int outputs = network.outputs();
        // One sigmoid unit tells two classes apart; otherwise each class has its own output unit.
        if (!classNames.isEmpty() && outputs != classNames.size() && !(outputs == 1 && classNames.size() <= 2)) {
            throw new IllegalArgumentException(classNames.size() + " class names for " + outputs + " output units");
        }
        requireFinite("normalizer offset", normalizer.offset());
        requireFinite("normalizer scale", normalizer.scale());
        for (int i = 0; i < network.layers().size(); i++) {
            requireFinite("layer " + i + " weights", network.layers().get(i).weights());
            requireFinite("layer " + i + " biases", network.layers().get(i).biases());
        }
    }

    private static void requireFinite(String what, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " [" + i + "] is " + values[i] + "; expected a finite number");
            }
        }
    }

    /** Where a model came from: the seed, the device that trained it, the library version, when. */
    public record Provenance(long seed, String device, String version, String createdAt) {
    }
}
