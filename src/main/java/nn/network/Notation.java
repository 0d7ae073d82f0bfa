package nn.network;

import nn.compute.Activation;
import nn.compute.ActivationFunction;

/** The symbols layers write their {@link Equation}s with. */
final class Notation {
    private Notation() {
    }

    /** {@code symbol} with {@code index} as Unicode subscript digits: Z₁₂. */
    static String sub(String symbol, int index) {
        StringBuilder s = new StringBuilder(symbol);
        for (char c : Integer.toString(index).toCharArray()) {
            s.append((char) ('₀' + (c - '0')));
        }
        return s.toString();
    }

    static String delta(int index) {
        return sub("δ", index);
    }

    static String shape(Object rows, Object cols) {
        return "(" + rows + "×" + cols + ")";
    }

    /** How an activation is written in a formula: ReLU, σ, tanh, ...; a custom one by its YAML name. */
    static String function(ActivationFunction function) {
        if (!(function instanceof Activation act)) {
            return function.yamlName();
        }
        return switch (act) {
            case RELU -> "ReLU";
            case LEAKY_RELU -> "LeakyReLU";
            case SIGMOID -> "σ";
            case TANH -> "tanh";
            case SOFTMAX -> "softmax";
            case LINEAR -> "identity";
        };
    }
}
