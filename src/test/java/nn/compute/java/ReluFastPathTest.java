package nn.compute.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

    /**
     * The loops of every kernel (each vector width's and the scalar ones) on rows of 37 columns,
     * so that each row has vector bodies and a scalar tail, with the special values of {@link #Z}
     * spread over both, give bit for bit what the definition gives.
     */
    @Test
    void everyKernelsLoopsMatchTheDefinitionInBodiesAndTails() {
        int rows = 5;
        int cols = 37;
        Random random = new Random(7);
        float[] z = new float[rows * cols];
        float[] delta = new float[rows * cols];
        float[] bias = new float[cols];
        for (int i = 0; i < z.length; i++) {
            z[i] = i % 4 == 0 ? Z[(i / 4) % Z.length] : (float) random.nextGaussian();
            delta[i] = i % 5 == 0 ? Z[(i / 5) % Z.length] : (float) random.nextGaussian();
        }
        for (int j = 0; j < cols; j++) {
            bias[j] = j % 3 == 0 ? -0f : (float) random.nextGaussian() * 0.1f;
        }
        List<ReluLoops> loops = new ArrayList<>(List.of(new ReluLoops.Scalar()));
        try (WorkerPool pool = new WorkerPool(1)) {
            for (int bits : JavaBackend.vectorWidths()) {
                loops.add((ReluLoops) VectorKernels.create(pool, bits, CacheSizes.detect()));
            }
        }
        assertTrue(loops.size() > 1 || JavaBackend.vectorWidths().isEmpty());
        for (ReluLoops relu : loops) {
            float[] zAfter = z.clone();
            float[] out = new float[z.length];
            // rows 1..4 only: a range that starts past row 0 must leave row 0 alone
            relu.biasRelu(zAfter, bias, out, cols, 1, rows);
            float[] d = delta.clone();
            relu.reluBackward(d, z, 3, z.length);
            for (int i = 0; i < z.length; i++) {
                String where = relu.getClass().getSimpleName() + " at " + i;
                float expectedZ = i < cols ? z[i] : z[i] + bias[i % cols];
                float expectedOut = i < cols ? 0f : Activation.RELU.apply(expectedZ);
                float expectedDelta = i < 3 ? delta[i] : delta[i] * Activation.RELU.derivative(z[i], 0f);
                assertEquals(Float.floatToRawIntBits(expectedZ), Float.floatToRawIntBits(zAfter[i]), "z, " + where);
                assertEquals(Float.floatToRawIntBits(expectedOut), Float.floatToRawIntBits(out[i]), "out, " + where);
                assertEquals(Float.floatToRawIntBits(expectedDelta), Float.floatToRawIntBits(d[i]), "delta, " + where);
            }
        }
    }
}
