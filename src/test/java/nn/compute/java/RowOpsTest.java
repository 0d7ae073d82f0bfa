package nn.compute.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import nn.compute.Activation;
import nn.compute.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Elementwise ops big enough to be split over threads: the definition's values, whatever the thread count. */
class RowOpsTest {
    private static final int ROWS = 301;
    private static final int COLS = 97;

    @ParameterizedTest
    @EnumSource(Activation.class)
    void forwardAndBackwardMatchOneThreadAndTheDefinition(Activation act) {
        float[][] one = run(1, act);
        float[][] three = run(3, act);
        for (int part = 0; part < one.length; part++) {
            for (int i = 0; i < one[part].length; i++) {
                assertEquals(Float.floatToRawIntBits(one[part][i]), Float.floatToRawIntBits(three[part][i]),
                        act + " part " + part + " element " + i);
            }
        }
        if (act.isElementwise()) {
            float[] z = inputs(1);
            float[] bias = inputs(2);
            float[] delta = inputs(3);
            for (int i = 0; i < z.length; i++) {
                float zi = z[i] + bias[i % COLS];
                float out = act.apply(zi);
                assertEquals(Float.floatToRawIntBits(out), Float.floatToRawIntBits(one[0][i]), "out " + i);
                float d = delta[i] * act.derivative(zi, out);
                assertEquals(Float.floatToRawIntBits(d), Float.floatToRawIntBits(one[1][i]), "delta " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = "RELU")
    void sgdStepMatchesTheFormula(Activation ignored) {
        float[] p = inputs(4);
        float[] g = inputs(5);
        try (JavaBackend backend = new JavaBackend(3)) {
            Tensor param = backend.allocate(ROWS, COLS);
            Tensor grad = backend.allocate(ROWS, COLS);
            backend.write(param, p);
            backend.write(grad, g);
            backend.sgdStep(param, grad, 0.01f);
            float[] got = new float[p.length];
            backend.read(param, got);
            for (int i = 0; i < p.length; i++) {
                assertEquals(Float.floatToRawIntBits(p[i] - 0.01f * g[i]), Float.floatToRawIntBits(got[i]), "param " + i);
            }
        }
    }

    /** {out after forward, delta after backward}. */
    private static float[][] run(int threads, Activation act) {
        try (JavaBackend backend = new JavaBackend(threads)) {
            Tensor z = backend.allocate(ROWS, COLS);
            Tensor bias = backend.allocate(1, COLS);
            Tensor out = backend.allocate(ROWS, COLS);
            Tensor delta = backend.allocate(ROWS, COLS);
            backend.write(z, inputs(1));
            float[] b = new float[COLS];
            System.arraycopy(inputs(2), 0, b, 0, COLS);
            backend.write(bias, b);
            backend.write(delta, inputs(3));
            backend.biasActivation(z, bias, act, out);
            backend.activationBackward(delta, z, out, act);
            float[] o = new float[ROWS * COLS];
            float[] d = new float[ROWS * COLS];
            backend.read(out, o);
            backend.read(delta, d);
            return new float[][] {o, d};
        }
    }

    private static float[] inputs(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[ROWS * COLS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextDouble() * 6 - 3);
        }
        return v;
    }
}
