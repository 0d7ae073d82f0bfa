package nn.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.List;

/** The network's shape: input width and the dense layers in order, the last one the output. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NetworkSpec(
        @JsonPropertyDescription("Number of inputs: auto (or left out) takes the encoded width of the training "
                + "data (numeric columns, missing indicators, one-hot inputs).") @Positive Integer input,
        @JsonPropertyDescription("Layers, first to last: dense (the default type) or batch_norm; the last one is dense.") @NotEmpty List<@NotNull @Valid LayerSpec> layers) {

    /** This network with {@code input} and the output layer's {@code units} given (auto resolved). */
    public NetworkSpec withWidths(int inputs, int outputUnits) {
        List<LayerSpec> resolved = new java.util.ArrayList<>(layers);
        resolved.set(resolved.size() - 1, resolved.get(resolved.size() - 1).withUnits(outputUnits));
        return new NetworkSpec(inputs, resolved);
    }

    public NetworkSpec {
        layers = layers == null ? null : List.copyOf(layers);
    }

    /** Checks every layer's keys for its type, and that the output layer is dense (the loss needs its activation). */
    public void check() {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).check("network.layers[" + i + "]", i == layers.size() - 1);
        }
        int last = layers.size() - 1;
        if (layers.get(last).type() != LayerType.DENSE) {
            throw new SpecException("network.layers[" + last + "].type", "the output layer must be dense; expected "
                    + "batch_norm between dense layers only");
        }
    }
}
