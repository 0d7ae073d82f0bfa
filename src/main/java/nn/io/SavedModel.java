package nn.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nn.data.Normalizer;
import nn.data.Preprocessing;
import nn.network.Network;
import nn.spec.ExperimentSpec;

/**
 * A trained model as stored: the network, the names of its input features and classes (empty for
 * regression; the network's input names), the normaliser to apply to encoded features, the
 * fitted {@code preprocessing} that encodes raw rows (column types, vocabularies, imputation, target scaling), the resolved config (null when the file
 * holds none that reads as a spec) and provenance.
 * The parts must fit together (one feature name and one normaliser entry per input, classes that
 * the output layer can tell apart, finite parameters): a model that loads can always predict.
 */
public record SavedModel(String name, Network network, List<String> featureNames, List<String> classNames,
                         Normalizer normalizer, ExperimentSpec config, Provenance provenance,
                         Preprocessing preprocessing) {
    /** A model whose inputs are numeric columns taken as they are (every model before format 4). */
    public SavedModel(String name, Network network, List<String> featureNames, List<String> classNames,
                      Normalizer normalizer, ExperimentSpec config, Provenance provenance) {
        this(name, network, featureNames, classNames, normalizer, config, provenance, Preprocessing.numeric(featureNames));
    }

    public SavedModel {
        featureNames = List.copyOf(featureNames);
        if (!preprocessing.inputNames().equals(featureNames)) {
            throw new IllegalArgumentException("the preprocessing makes the inputs " + preprocessing.inputNames()
                    + ", not the feature names " + featureNames);
        }
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
            for (var tensor : network.layers().get(i).entry().tensors().entrySet()) {
                requireFinite("layer " + i + " " + tensor.getKey(), tensor.getValue());
            }
        }
    }

    /** The same model with another network (a checkpoint's, or the final one). */
    public SavedModel withNetwork(Network other) {
        return new SavedModel(name, other, featureNames, classNames, normalizer, config, provenance, preprocessing);
    }

    /** The same model with another provenance. */
    public SavedModel withProvenance(Provenance other) {
        return new SavedModel(name, network, featureNames, classNames, normalizer, config, other, preprocessing);
    }

    private static void requireFinite(String what, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " [" + i + "] is " + values[i] + "; expected a finite number");
            }
        }
    }

    /**
     * Where a model came from: the seed, the device that trained it, the library version, when, the
     * data it read, how many epochs it trained and its final metrics (e.g. {@code train.loss},
     * {@code test.accuracy}; in insertion order). Format-1 files carry only the first four.
     */
    public record Provenance(long seed, String device, String version, String createdAt, List<DataFile> data,
                             int epochs, Map<String, Double> metrics) {
        public Provenance {
            data = List.copyOf(data);
            // Kept in insertion order so that the file lists train before test, as people read it.
            metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }

        /** Provenance before training: no data hashes, epochs or metrics yet. */
        public Provenance(long seed, String device, String version, String createdAt) {
            this(seed, device, version, createdAt, List.of(), 0, Map.of());
        }

        /** This provenance with the device that finished the training (Java after a device failure). */
        public Provenance withDevice(String finishedOn) {
            return new Provenance(seed, finishedOn, version, createdAt, data, epochs, metrics);
        }

        /** This provenance after {@code epochs} epochs that ended with {@code metrics}. */
        public Provenance withTraining(int epochs, Map<String, Double> metrics) {
            return new Provenance(seed, device, version, createdAt, data, epochs, metrics);
        }
    }

    /** A data source the model was trained or scored on: its role ({@code train}, {@code test.images}, ...), path and SHA-256. */
    public record DataFile(String role, String path, String sha256) {
    }
}
