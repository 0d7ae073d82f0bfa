package nn.compute.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import nn.compute.Activation;
import nn.compute.Tensor;
import org.junit.jupiter.api.Test;

/** The ReLU fast paths give exactly what {@link Activation#apply} and {@link Activation#derivative} define. */
class ReluFastPathTest {
    private static final float[] Z = {-2f, -0f, 0f, 1e-30f, 3.5f, Float.NaN, -1e-30f, 7f, Float.POSITIVE_INFINITY};
    private static final float[] BIAS = {0.5f, -0.25f, 0f};

    @Test
    void biasPlusReluMatchesTheDefinition() {
        try (JavaBackend backend = new JavaBackend(1)) {
            Tensor z = backend.allocate(3, 3);
            Tensor bias = backend.allocate(1, 3);
            Tensor out = backend.allocate(3, 3);
            backend.write(z, Z);
            backend.write(bias, BIAS);
            backend.biasActivation(z, bias, Activation.RELU, out);
            float[] zAfter = new float[9];
            float[] got = new float[9];
            backend.read(z, zAfter);
            backend.read(out, got);
            for (int i = 0; i < 9; i++) {
                float expectedZ = Z[i] + BIAS[i % 3];
                assertEquals(Float.floatToRawIntBits(expectedZ), Float.floatToRawIntBits(zAfter[i]), "z at " + i);
                float expected = Activation.RELU.apply(expectedZ);
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(got[i]), "out at " + i);
            }
        }
    }

    @Test
    void reluBackwardMatchesTheDerivative() {
        float[] delta = {1f, -2f, Float.NaN, 4f, -0f, 6f, Float.POSITIVE_INFINITY, -8f, 9f};
        try (JavaBackend backend = new JavaBackend(1)) {
            Tensor d = backend.allocate(3, 3);
            Tensor z = backend.allocate(3, 3);
            Tensor out = backend.allocate(3, 3);
            backend.write(d, delta);
            backend.write(z, Z);
            backend.activationBackward(d, z, out, Activation.RELU);
            float[] got = new float[9];
            backend.read(d, got);
            for (int i = 0; i < 9; i++) {
                float expected = delta[i] * Activation.RELU.derivative(Z[i], 0f);
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(got[i]), "delta at " + i);
            }
        }
    }
}
