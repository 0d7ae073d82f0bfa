package nn.compute;

/**
 * Activation functions as the backends compute them. Each knows its value and its derivative so
 * that the Java backend and the reference agree on one definition; OpenCL kernels dispatch on
 * {@link #ordinal()}.
 */
public enum Activation implements ActivationFunction {
    LINEAR,
    RELU,
    /** max(x, 0.01·x). */
    LEAKY_RELU,
    SIGMOID,
    TANH,
    /** Row-wise softmax: not element-wise, its derivative is a Jacobian-vector product. */
    SOFTMAX;

    /** Slope of {@link #LEAKY_RELU} for negative inputs. */
    public static final float LEAKY_SLOPE = 0.01f;

    @Override
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the function maps each element independently (all but softmax). */
    public boolean isElementwise() {
        return this != SOFTMAX;
    }

    /** Value for one element; softmax is not defined element-wise and throws. */
    @Override
    public float apply(float z) {
        return switch (this) {
            case LINEAR -> z;
            case RELU -> z > 0 ? z : 0f;
            case LEAKY_RELU -> z > 0 ? z : LEAKY_SLOPE * z;
            case SIGMOID -> sigmoid(z);
            case TANH -> (float) Math.tanh(z);
            case SOFTMAX -> throw new IllegalStateException("softmax is row-wise");
        };
    }

    /**
     * Derivative at pre-activation {@code z} whose activation is {@code a}; using {@code a}
     * saves recomputing exp/tanh for sigmoid and tanh.
     */
    @Override
    public float derivative(float z, float a) {
        return switch (this) {
            case LINEAR -> 1f;
            case RELU -> z > 0 ? 1f : 0f;
            case LEAKY_RELU -> z > 0 ? 1f : LEAKY_SLOPE;
            case SIGMOID -> a * (1f - a);
            case TANH -> 1f - a * a;
            case SOFTMAX -> throw new IllegalStateException("softmax is row-wise");
        };
    }

    /** Numerically safe logistic function. */
    public static float sigmoid(float z) {
        if (z >= 0) {
            return (float) (1.0 / (1.0 + Math.exp(-z)));
        }
        double e = Math.exp(z);
        return (float) (e / (1.0 + e));
    }
}
