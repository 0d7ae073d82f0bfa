package nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import nn.data.Normalizer;
import nn.network.Network;

/**
 * A trained model as stored: the network, the names of its input features and classes (empty for
 * regression), the normaliser to apply to raw features, the resolved config and provenance.
 */
public record SavedModel(String name, Network network, List<String> featureNames, List<String> classNames,
                         Normalizer normalizer, JsonNode config, Provenance provenance) {
    public SavedModel {
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
    }

    /** Where a model came from: the seed, the device that trained it, the library version, when. */
    public record Provenance(long seed, String device, String version, String createdAt) {
    }
}
