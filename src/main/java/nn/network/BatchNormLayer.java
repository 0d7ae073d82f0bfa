package nn.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch normalisation ({@code type: batch_norm}), per column as Keras's BatchNormalization:
 * X' = γ ∗ (X − μ) / √(σ² + ε) + β, with μ and σ² the batch's column statistics while training
 * and the running ones at evaluation and prediction. Training updates the running statistics as
 * running = momentum·running + (1 − momentum)·batch. Arrays are copied in and out.
 *
 * @param width          columns in and out
 * @param momentum       weight of the old running statistics, in [0, 1)
 * @param epsilon        added to the variance, &gt; 0
 * @param gamma          learned scale, 1 at the start
 * @param beta           learned shift, 0 at the start
 * @param movingMean     running mean, 0 at the start
 * @param movingVariance running (biased) variance, 1 at the start
 */
public record BatchNormLayer(int width, float momentum, float epsilon, float[] gamma, float[] beta,
                             float[] movingMean, float[] movingVariance) implements Layer {
    /** The type name in configs and model files. */
    public static final String TYPE = "batch_norm";
    /** Keras's default momentum. */
    public static final float DEFAULT_MOMENTUM = 0.99f;
    /** Keras's default epsilon. */
    public static final float DEFAULT_EPSILON = 0.001f;

    public BatchNormLayer {
        if (width <= 0) {
            throw new IllegalArgumentException("batch_norm width must be positive, got " + width);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("batch_norm momentum must be in [0, 1), got " + momentum);
        }
        if (!(epsilon > 0) || !Float.isFinite(epsilon)) {
            throw new IllegalArgumentException("batch_norm epsilon must be a positive number, got " + epsilon);
        }
        gamma = checked("gamma", gamma, width);
        beta = checked("beta", beta, width);
        movingMean = checked("movingMean", movingMean, width);
        movingVariance = checked("movingVariance", movingVariance, width);
    }

    /** A fresh layer: γ = 1, β = 0, running mean 0 and variance 1. */
    public static BatchNormLayer initial(int width, float momentum, float epsilon) {
        float[] ones = new float[width];
        Arrays.fill(ones, 1f);
        return new BatchNormLayer(width, momentum, epsilon, ones, new float[width], new float[width], ones);
    }

    private static float[] checked(String name, float[] values, int width) {
        if (values.length != width) {
            throw new IllegalArgumentException("batch_norm " + name + " holds " + values.length + " values, expected " + width);
        }
        return values.clone();
    }

    @Override
    public float[] gamma() {
        return gamma.clone();
    }

    @Override
    public float[] beta() {
        return beta.clone();
    }

    @Override
    public float[] movingMean() {
        return movingMean.clone();
    }

    @Override
    public float[] movingVariance() {
        return movingVariance.clone();
    }

    @Override
    public int inputs() {
        return width;
    }

    @Override
    public int outputs() {
        return width;
    }

    @Override
    public long parameterCount() {
        return 2L * width;
    }

    @Override
    public long stateCount() {
        return 2L * width;
    }

    /** About four a column: subtract the mean, scale by 1/√(σ² + ε), multiply by γ, add β. */
    @Override
    public long forwardFlops() {
        return 4L * width;
    }

    /** x̂, the output and δ (the batch's mean and variance are per column, not per row). */
    @Override
    public long bufferFloatsPerRow() {
        return 3L * width;
    }

    @Override
    public String typeName() {
        return TYPE;
    }

    @Override
    public LayerEntry entry() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("width", width);
        fields.put("momentum", momentum);
        fields.put("epsilon", epsilon);
        Map<String, float[]> tensors = new LinkedHashMap<>();
        tensors.put("gamma", gamma.clone());
        tensors.put("beta", beta.clone());
        tensors.put("movingMean", movingMean.clone());
        tensors.put("movingVariance", movingVariance.clone());
        return new LayerEntry(TYPE, fields, tensors);
    }

    /** Its output is written Zₗ (it has no activation), so δₗ = ∂J/∂Zₗ holds for it as for dense layers. */
    @Override
    public List<Equation> forwardEquations(int l, String output) {
        String hat = Notation.sub("X̂", l);
        String mean = Notation.sub("μ", l);
        String variance = Notation.sub("σ²", l);
        return List.of(
                new Equation(hat + " = (" + Notation.sub("X", l) + " − " + mean + ") / √(" + variance + " + ε)",
                        Notation.shape("n", width) + ", " + mean + ", " + variance
                                + " the batch's column mean and variance " + Notation.shape(1, width)),
                new Equation(Notation.sub("Z", l) + " = " + Notation.sub("γ", l) + " ∗ " + hat + " + " + Notation.sub("β", l),
                        Notation.shape("n", width)),
                new Equation(output + " = " + Notation.sub("Z", l), Notation.shape("n", width)));
    }

    @Override
    public List<Equation> backwardEquations(int l, Layer below) {
        String hat = Notation.sub("X̂", l);
        String delta = Notation.delta(l);
        List<Equation> lines = new ArrayList<>();
        lines.add(new Equation(Notation.sub("dγ", l) + " = Σ_rows " + delta + " ∗ " + hat, Notation.shape(1, width)));
        lines.add(new Equation(Notation.sub("dβ", l) + " = Σ_rows " + delta, Notation.shape(1, width)));
        if (below != null) {
            lines.add(new Equation(Notation.delta(l - 1) + " = " + Notation.sub("γ", l) + " / √(" + Notation.sub("σ²", l)
                    + " + ε) ∗ (" + delta + " − mean(" + delta + ") − " + hat + " ∗ mean(" + delta + " ∗ " + hat + "))"
                    + below.derivative(l - 1).formula(), Notation.shape("n", width)));
        }
        return lines;
    }

    @Override
    public Equation derivative(int l) {
        return new Equation("", "");
    }

    @Override
    public String parameterSymbols() {
        return "γ and β";
    }

    @Override
    public List<String> updateNotes() {
        return List.of("μ̄ ← m·μ̄ + (1 − m)·μ, σ̄² ← m·σ̄² + (1 − m)·σ² (m: momentum; evaluation and prediction "
                + "normalise with these running statistics)");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchNormLayer l && width == l.width && momentum == l.momentum && epsilon == l.epsilon
                && Arrays.equals(gamma, l.gamma) && Arrays.equals(beta, l.beta)
                && Arrays.equals(movingMean, l.movingMean) && Arrays.equals(movingVariance, l.movingVariance);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(gamma) + Arrays.hashCode(movingMean);
    }

    @Override
    public String toString() {
        return "BatchNormLayer[" + width + ", momentum " + momentum + ", epsilon " + epsilon + "]";
    }
}
