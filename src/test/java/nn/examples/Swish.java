package nn.examples;

import nn.compute.Activation;
import nn.compute.ActivationName;
import nn.compute.CustomActivation;

/**
 * The README's example of a custom activation: swish(z) = z·σ(z). Registered for the tests in
 * src/test/resources/META-INF/services/nn.compute.CustomActivation, so YAML can say
 * {@code activation: swish}.
 */
@ActivationName("swish")
public final class Swish implements CustomActivation {
    @Override
    public float apply(float z) {
        return z * Activation.sigmoid(z);
    }

    @Override
    public float derivative(float z, float a) {
        float s = Activation.sigmoid(z);
        return s + z * s * (1 - s);
    }
}
