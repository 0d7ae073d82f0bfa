package nn.network;

import java.util.Arrays;
import java.util.LinkedHashMap;
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
