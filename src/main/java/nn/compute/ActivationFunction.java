package nn.compute;

/**
 * An activation as the backends see it: the built-in {@link Activation}s, which every backend
 * has kernels for, or a user's {@link CustomActivation}, which the Java backend runs.
 */
public sealed interface ActivationFunction permits Activation, CustomActivation {

    /** The name YAML uses for it: {@code relu}, {@code sigmoid}, or a custom activation's name. */
    String yamlName();

    /** Value for one element (not defined for softmax, which is row-wise). */
    float apply(float z);

    /** Derivative at pre-activation {@code z} whose activation is {@code a}. */
    float derivative(float z, float a);
}
