package nn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nn.compute.Activation;
import nn.compute.ActivationFunction;
import nn.compute.Loss;
import nn.network.BatchNormLayer;
import nn.network.DenseLayer;
import nn.network.Layer;
import nn.network.Network;

/**
 * The seed's forward and backward equations written out for one network with its shapes, in
 * Unicode (Z₁, δ₂, ·, ᵀ, ∗) or, for terminals that cannot show it, ASCII (Z1, delta2, ., ^T, *).
 * A batch_norm layer l writes its output as Zₗ (it has no activation), so δₗ = ∂J/∂Zₗ holds for
 * every layer.
 */
final class Equations {
    private final boolean unicode;

    Equations(boolean unicode) {
        this.unicode = unicode;
    }

    List<String> explain(Network network, Loss loss, String optimizer) {
        List<String> lines = new ArrayList<>();
        List<Layer> layers = network.layers();
        int last = layers.size();
        lines.add("Forward pass, for a batch of n rows (" + name("X", 1) + " is the input, n" + times() + network.inputs() + "):");
        for (int l = 1; l <= last; l++) {
            String target = l == last ? (unicode ? "Ŷ" : "Yhat") : name("X", l + 1);
            if (layers.get(l - 1) instanceof DenseLayer layer) {
                forward(lines, layer, l, target);
            } else {
                forwardBatchNorm(lines, (BatchNormLayer) layers.get(l - 1), l, target);
            }
        }
        lines.add("");
        lines.add("Loss, averaged over the batch:");
        lines.add("  J = " + lossFormula(loss));
        lines.add("");
        lines.add("Backward pass (" + (unicode ? "δₗ = ∂J/∂Zₗ" : "delta_l = dJ/dZ_l") + ", the gradient of the batch loss):");
        DenseLayer output = network.outputLayer();
        lines.add(row(delta(last) + " = " + outputDelta(loss, output.activation(), last), shape("n", output.units())));
        for (int l = last; l >= 1; l--) {
            Layer below = l > 1 ? layers.get(l - 2) : null;
            if (layers.get(l - 1) instanceof DenseLayer layer) {
                backward(lines, layer, l, below);
            } else {
                backwardBatchNorm(lines, (BatchNormLayer) layers.get(l - 1), l, below);
            }
        }
        lines.add("  (nothing is below the first layer, so it skips the " + delta(1) + dot() + name("W", 1) + transpose() + " product)");
        lines.add("");
        lines.add("Update, " + optimizer + ":");
        boolean batchNorm = layers.stream().anyMatch(l -> l instanceof BatchNormLayer);
        lines.add("  W " + arrow() + " W " + minus() + " " + (unicode ? "η" : "lr") + dot() + "dW for every W and b"
                + (batchNorm ? (unicode ? ", γ and β" : ", gamma and beta") : ""));
        if (batchNorm) {
            lines.add("  " + (unicode ? "μ̄ ← m·μ̄ + (1−m)·μ, σ̄² ← m·σ̄² + (1−m)·σ²" : "mu_run <- m*mu_run + (1-m)*mu, var_run <- m*var_run + (1-m)*var")
                    + " (m: momentum; evaluation and prediction normalise with these)");
        }
        return lines;
    }

    private void forward(List<String> lines, DenseLayer layer, int l, String target) {
        String z = name("Z", l);
        String product = name("X", l) + dot() + name("W", l) + (layer.hasBias() ? " + " + name("b", l) : "");
        String shapes = shape("n", layer.inputs()) + dot() + shape(layer.inputs(), layer.units())
                + (layer.hasBias() ? " + " + shape(1, layer.units()) : "") + " -> " + shape("n", layer.units());
        lines.add(row(z + " = " + product, shapes));
        lines.add(row(target + " = " + function(layer.activation()) + "(" + z + ")", shape("n", layer.units())));
    }

    private void forwardBatchNorm(List<String> lines, BatchNormLayer layer, int l, String target) {
        String hat = unicode ? name("X̂", l) : name("Xhat", l);
        String mean = unicode ? name("μ", l) : name("mu", l);
        String variance = unicode ? name("σ²", l) : name("var", l);
        lines.add(row(hat + " = (" + name("X", l) + " " + minus() + " " + mean + ") / " + (unicode ? "√(" : "sqrt(")
                + variance + " + " + (unicode ? "ε" : "eps") + ")", shape("n", layer.width())
                + ", " + mean + ", " + variance + " the batch's column mean and variance " + shape(1, layer.width())));
        lines.add(row(name("Z", l) + " = " + name(unicode ? "γ" : "gamma", l) + " " + star() + " " + hat + " + "
                + name(unicode ? "β" : "beta", l), shape("n", layer.width())));
        lines.add(row(target + " = " + name("Z", l), shape("n", layer.width())));
    }

    private void backward(List<String> lines, DenseLayer layer, int l, Layer below) {
        lines.add(row(name("dW", l) + " = " + name("X", l) + transpose() + dot() + delta(l),
                shape(layer.inputs(), "n") + dot() + shape("n", layer.units()) + " -> " + shape(layer.inputs(), layer.units())));
        if (layer.hasBias()) {
            lines.add(row(name("db", l) + " = " + sum() + " " + delta(l), shape(1, layer.units())));
        }
        if (below != null) {
            lines.add(row(delta(l - 1) + " = " + delta(l) + dot() + name("W", l) + transpose() + derivative(below, l - 1),
                    shape("n", layer.units()) + dot() + shape(layer.units(), layer.inputs())
                            + (below instanceof DenseLayer ? " " + star() + " " + shape("n", below.outputs()) : "")
                            + " -> " + shape("n", below.outputs())));
        }
    }

    private void backwardBatchNorm(List<String> lines, BatchNormLayer layer, int l, Layer below) {
        String hat = unicode ? name("X̂", l) : name("Xhat", l);
        lines.add(row(name(unicode ? "dγ" : "dgamma", l) + " = " + sum() + " " + delta(l) + " " + star() + " " + hat,
                shape(1, layer.width())));
        lines.add(row(name(unicode ? "dβ" : "dbeta", l) + " = " + sum() + " " + delta(l), shape(1, layer.width())));
        if (below != null) {
            String inv = name(unicode ? "γ" : "gamma", l) + " / " + (unicode ? "√(" : "sqrt(") + name(unicode ? "σ²" : "var", l)
                    + " + " + (unicode ? "ε" : "eps") + ")";
            lines.add(row(delta(l - 1) + " = " + inv + " " + star() + " (" + delta(l) + " " + minus() + " mean(" + delta(l) + ") "
                    + minus() + " " + hat + " " + star() + " mean(" + delta(l) + " " + star() + " " + hat + "))"
                    + derivative(below, l - 1), shape("n", layer.width())));
        }
    }

    /** " ∗ f'(Z)" for a dense layer below; nothing for batch_norm, whose output is its Z. */
    private String derivative(Layer below, int index) {
        return below instanceof DenseLayer d ? " " + star() + " " + function(d.activation()) + "'(" + name("Z", index) + ")" : "";
    }

    private String outputDelta(Loss loss, ActivationFunction act, int last) {
        String yhat = unicode ? "Ŷ" : "Yhat";
        boolean canonical = (loss == Loss.BINARY_CROSSENTROPY && act == Activation.SIGMOID)
                || (loss == Loss.CATEGORICAL_CROSSENTROPY && act == Activation.SOFTMAX);
        if (canonical) {
            return "(" + yhat + " " + minus() + " Y) / n";
        }
        return partial("J", yhat) + " " + star() + " " + function(act) + "'(" + name("Z", last) + ")";
    }

    private String lossFormula(Loss loss) {
        String yhat = unicode ? "Ŷ" : "Yhat";
        return switch (loss) {
            case BINARY_CROSSENTROPY -> minus() + "mean(Y" + dot() + "log " + yhat + " + (1" + minus() + "Y)" + dot()
                    + "log(1" + minus() + yhat + "))   (binary cross-entropy)";
            case CATEGORICAL_CROSSENTROPY -> minus() + "mean over rows of " + (unicode ? "Σ_classes" : "sum_classes") + " Y" + dot() + "log " + yhat
                    + "   (categorical cross-entropy)";
            case MEAN_SQUARED_ERROR -> "mean((" + yhat + " " + minus() + " Y)" + (unicode ? "²" : "^2") + ")   (mean squared error)";
        };
    }

    private String function(ActivationFunction function) {
        if (!(function instanceof Activation act)) {
            return function.yamlName();
        }
        return switch (act) {
            case RELU -> "ReLU";
            case LEAKY_RELU -> "LeakyReLU";
            case SIGMOID -> unicode ? "σ" : "sigmoid";
            case TANH -> "tanh";
            case SOFTMAX -> "softmax";
            case LINEAR -> "identity";
        };
    }

    private static String row(String equation, String shapes) {
        return String.format(Locale.ROOT, "  %-34s : %s", equation, shapes);
    }

    private String name(String symbol, int index) {
        if (!unicode) {
            return symbol + index;
        }
        StringBuilder s = new StringBuilder(symbol);
        for (char c : Integer.toString(index).toCharArray()) {
            s.append((char) ('₀' + (c - '0')));
        }
        return s.toString();
    }

    private String delta(int index) {
        return unicode ? name("δ", index) : "delta" + index;
    }

    private String shape(Object rows, Object cols) {
        return "(" + rows + times() + cols + ")";
    }

    private String partial(String of, String by) {
        return unicode ? "∂" + of + "/∂" + by : "dJ/d" + by;
    }

    private String dot() {
        return unicode ? "·" : ".";
    }

    private String times() {
        return unicode ? "×" : "x";
    }

    private String transpose() {
        return unicode ? "ᵀ" : "^T";
    }

    private String star() {
        return unicode ? "∗" : "*";
    }

    private String sum() {
        return unicode ? "Σ_rows" : "sum_rows";
    }

    private String arrow() {
        return unicode ? "←" : "<-";
    }

    private String minus() {
        return unicode ? "−" : "-";
    }
}
