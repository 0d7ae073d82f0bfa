package nn.network;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import nn.compute.Activation;
import nn.compute.ActivationFunction;

/**
 * One fully connected layer ({@code type: dense}), Z = X·W (+ b), X' = act(Z). Weights are (inputs × units) row-major;
 * {@code biases} is empty when the layer has no bias. The arrays are copied in and out, so a layer
 * never changes.
 */
public record DenseLayer(int inputs, int units, ActivationFunction activation, boolean hasBias,
                         float[] weights, float[] biases) implements Layer {
    /** The type name in configs and model files. */
    public static final String TYPE = "dense";

    public DenseLayer {
        if (inputs <= 0 || units <= 0) {
            throw new IllegalArgumentException("layer sizes must be positive: " + inputs + "x" + units);
        }
        // In long: 65536 × 65536 overflows int to 0 and would let an empty weight array through.
        if (weights.length != (long) inputs * units) {
            throw new IllegalArgumentException("weights hold " + weights.length + " values, expected "
                    + inputs + "x" + units);
        }
        if (biases.length != (hasBias ? units : 0)) {
            throw new IllegalArgumentException("biases hold " + biases.length + " values, expected "
                    + (hasBias ? units : 0));
        }
        weights = weights.clone();
        biases = biases.clone();
    }

    @Override
    public float[] weights() {
        return weights.clone();
    }

    @Override
    public float[] biases() {
        return biases.clone();
    }

    @Override
    public int outputs() {
        return units;
    }

    @Override
    public long parameterCount() {
        return weights.length + (long) biases.length;
    }

    @Override
    public String typeName() {
        return TYPE;
    }

    @Override
    public LayerEntry entry() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("inputs", inputs);
        fields.put("units", units);
        fields.put("activation", activation.yamlName());
        fields.put("bias", hasBias);
        Map<String, float[]> tensors = new LinkedHashMap<>();
        tensors.put("weights", weights.clone());
        tensors.put("biases", biases.clone());
        return new LayerEntry(TYPE, fields, tensors);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DenseLayer l && inputs == l.inputs && units == l.units
                && activation == l.activation && hasBias == l.hasBias
                && Arrays.equals(weights, l.weights) && Arrays.equals(biases, l.biases);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weights) + Arrays.hashCode(biases);
    }

    @Override
    public String toString() {
        return "DenseLayer[" + inputs + "->" + units + ", " + activation + (hasBias ? ", bias" : "") + "]";
    }
}
