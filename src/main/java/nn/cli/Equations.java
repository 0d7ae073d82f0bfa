package nn.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import nn.compute.Loss;
import nn.network.Equation;
import nn.network.Layer;
import nn.network.Network;

/**
 * The forward and backward equations written out for one network with its shapes. Each layer
 * supplies its own lines ({@link Layer#forwardEquations}, {@link Layer#backwardEquations}) in
 * Unicode (Z₁, δ₂, ·, ᵀ, ∗); this class adds the loss and the update, lines them up, and for
 * terminals that cannot show Unicode spells everything in ASCII (Z1, delta2, ., ^T, *).
 */
final class Equations {
    /** Unicode → ASCII, in order: longer and overlapping symbols first (σ² before σ, ∂J/∂ before Ŷ). */
    private static final String[][] ASCII = {
            {"σ̄²", "var_run"}, {"μ̄", "mu_run"}, {"σ²", "var"}, {"X̂", "Xhat"}, {"∂J/∂", "dJ/d"}, {"Ŷ", "Yhat"},
            {"δ", "delta"}, {"γ", "gamma"}, {"β", "beta"}, {"μ", "mu"}, {"ε", "eps"}, {"σ", "sigmoid"}, {"η", "lr"},
            {"√(", "sqrt("}, {"Σ", "sum"}, {"²", "^2"}, {"·", "."}, {"×", "x"}, {"ᵀ", "^T"}, {"∗", "*"}, {"←", "<-"},
            {"−", "-"}, {"ₗ", "_l"}};
    private final boolean unicode;

    Equations(boolean unicode) {
        this.unicode = unicode;
    }

    List<String> explain(Network network, Loss loss, String optimizer) {
        List<String> lines = new ArrayList<>();
        List<Layer> layers = network.layers();
        int last = layers.size();
        lines.add(text("Forward pass, for a batch of n rows (X₁ is the input, n×" + network.inputs() + "):"));
        for (int l = 1; l <= last; l++) {
            String output = l == last ? "Ŷ" : sub("X", l + 1);
            layers.get(l - 1).forwardEquations(l, output).forEach(e -> lines.add(row(e)));
        }
        lines.add("");
        lines.add("Loss, averaged over the batch:");
        lines.add(text("  J = " + lossFormula(loss)));
        lines.add("");
        lines.add(text("Backward pass (δₗ = ∂J/∂Zₗ, the gradient of the batch loss):"));
        lines.add(row(network.outputLayer().outputDelta(loss, last)));
        for (int l = last; l >= 1; l--) {
            layers.get(l - 1).backwardEquations(l, l > 1 ? layers.get(l - 2) : null).forEach(e -> lines.add(row(e)));
        }
        lines.add(text("  (nothing is below the first layer, so it skips the δ₁·W₁ᵀ product)"));
        lines.add("");
        lines.add("Update, " + optimizer + ":");
        Set<String> symbols = new LinkedHashSet<>();
        Set<String> notes = new LinkedHashSet<>();
        for (Layer layer : layers) {
            symbols.add(layer.parameterSymbols());
            notes.addAll(layer.updateNotes());
        }
        lines.add(text("  W ← W − η·dW for every " + String.join(", ", symbols)));
        notes.forEach(note -> lines.add(text("  " + note)));
        return lines;
    }

    private static String lossFormula(Loss loss) {
        return switch (loss) {
            case BINARY_CROSSENTROPY -> "−mean(Y·log Ŷ + (1−Y)·log(1−Ŷ))   (binary cross-entropy)";
            case CATEGORICAL_CROSSENTROPY -> "−mean over rows of Σ_classes Y·log Ŷ   (categorical cross-entropy)";
            case MEAN_SQUARED_ERROR -> "mean((Ŷ − Y)²)   (mean squared error)";
        };
    }

    private String row(Equation e) {
        return String.format(Locale.ROOT, "  %-34s : %s", text(e.formula()), text(e.shapes()));
    }

    /** The line as it is, or spelled in ASCII with subscript digits as plain ones. */
    private String text(String line) {
        if (unicode) {
            return line;
        }
        String s = line;
        for (String[] pair : ASCII) {
            s = s.replace(pair[0], pair[1]);
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            out.append(c >= '₀' && c <= '₉' ? (char) ('0' + (c - '₀')) : c);
        }
        return out.toString();
    }

    private static String sub(String symbol, int index) {
        StringBuilder s = new StringBuilder(symbol);
        for (char c : Integer.toString(index).toCharArray()) {
            s.append((char) ('₀' + (c - '0')));
        }
        return s.toString();
    }
}
