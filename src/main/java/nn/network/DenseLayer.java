package nn.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nn.compute.Activation;
import nn.compute.ActivationFunction;
import nn.compute.Loss;

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

    /** Two per weight: a multiply and an add. */
    @Override
    public long forwardFlops() {
        return 2L * inputs * units;
    }

    /** Z, act(Z) and δ. */
    @Override
    public long bufferFloatsPerRow() {
        return 3L * units;
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
    public List<Equation> forwardEquations(int l, String output) {
        String z = Notation.sub("Z", l);
        String product = Notation.sub("X", l) + "·" + Notation.sub("W", l) + (hasBias ? " + " + Notation.sub("b", l) : "");
        String shapes = Notation.shape("n", inputs) + "·" + Notation.shape(inputs, units)
                + (hasBias ? " + " + Notation.shape(1, units) : "") + " -> " + Notation.shape("n", units);
        return List.of(new Equation(z + " = " + product, shapes),
                new Equation(output + " = " + Notation.function(activation) + "(" + z + ")", Notation.shape("n", units)));
    }

    @Override
    public List<Equation> backwardEquations(int l, Layer below) {
        List<Equation> lines = new ArrayList<>();
        lines.add(new Equation(Notation.sub("dW", l) + " = " + Notation.sub("X", l) + "ᵀ·" + Notation.delta(l),
                Notation.shape(inputs, "n") + "·" + Notation.shape("n", units) + " -> " + Notation.shape(inputs, units)));
        if (hasBias) {
            lines.add(new Equation(Notation.sub("db", l) + " = Σ_rows " + Notation.delta(l), Notation.shape(1, units)));
        }
        if (below != null) {
            Equation d = below.derivative(l - 1);
            lines.add(new Equation(Notation.delta(l - 1) + " = " + Notation.delta(l) + "·" + Notation.sub("W", l) + "ᵀ"
                    + d.formula(), Notation.shape("n", units) + "·" + Notation.shape(units, inputs) + d.shapes()
                    + " -> " + Notation.shape("n", inputs)));
        }
        return lines;
    }

    /** As the output layer {@code l}: δₗ = ∂J/∂Zₗ from the loss (Ŷ − Y over n when the pair is canonical). */
    public Equation outputDelta(Loss loss, int l) {
        boolean canonical = (loss == Loss.BINARY_CROSSENTROPY && activation == Activation.SIGMOID)
                || (loss == Loss.CATEGORICAL_CROSSENTROPY && activation == Activation.SOFTMAX);
        String formula = canonical ? "(Ŷ − Y) / n"
                : "∂J/∂Ŷ ∗ " + Notation.function(activation) + "'(" + Notation.sub("Z", l) + ")";
        return new Equation(Notation.delta(l) + " = " + formula, Notation.shape("n", units));
    }

    @Override
    public Equation derivative(int l) {
        return new Equation(" ∗ " + Notation.function(activation) + "'(" + Notation.sub("Z", l) + ")",
                " ∗ " + Notation.shape("n", units));
    }

    @Override
    public String parameterSymbols() {
        return "W and b";
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
