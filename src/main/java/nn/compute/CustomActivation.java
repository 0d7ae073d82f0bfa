package nn.compute;

/**
 * A user-defined, element-wise activation, usable in YAML by the name its {@link ActivationName}
 * annotation gives. Register the class for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/nn.compute.CustomActivation} and put its jar on the class path:
 * <pre>{@code
 * @ActivationName("swish")
 * public final class Swish implements CustomActivation {
 *     public float apply(float z) { return z * Activation.sigmoid(z); }
 *     public float derivative(float z, float a) { float s = Activation.sigmoid(z); return s + z * s * (1 - s); }
 * }
 * }</pre>
 * It runs on the Java backend; OpenCL has no kernel for it, so {@code device: auto} trains such a
 * network on Java and {@code opencl}/{@code gpu} refuse it at start-up.
 */
public non-sealed interface CustomActivation extends ActivationFunction {

    /** The name from the class's {@link ActivationName} annotation. */
    @Override
    default String yamlName() {
        ActivationName name = getClass().getAnnotation(ActivationName.class);
        if (name == null) {
            throw new IllegalStateException(getClass().getName() + " needs an @ActivationName(\"...\") annotation");
        }
        return name.value();
    }
}
