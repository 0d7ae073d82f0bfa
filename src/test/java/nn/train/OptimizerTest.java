package nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import nn.compute.Backend;
import nn.compute.Tensor;
import nn.compute.java.JavaBackend;
import nn.network.Parameter;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer's fused update against the textbook formulas written out in double precision,
 * over several steps with changing gradients and learning rates (so state carries over).
 */
class OptimizerTest {
    private static final double[] START = {0.5, -1.25, 2.0, 0.0, -0.3, 1e-3};
    private static final int STEPS = 5;
    private static final double TOLERANCE = 2e-6;

    /** The gradient at step t (1-based): varied in sign and size, never all zero. */
    private static double gradient(int t, int i) {
        return Math.sin(1.3 * t + 0.7 * i) * (i % 2 == 0 ? 1.0 : 0.01) + (i == 5 ? 5.0 : 0.0);
    }

    /** A learning rate that changes per step, as a schedule would. */
    private static float rate(float base, int t) {
        return base / t;
    }

    private static double[] run(Optimizer optimizer) {
        try (Backend backend = new JavaBackend(1)) {
            Tensor value = backend.allocate(2, 3);
            Tensor grad = backend.allocate(2, 3);
            float[] host = new float[6];
            for (int i = 0; i < 6; i++) {
                host[i] = (float) START[i];
            }
            backend.write(value, host);
            Optimizer.Step step = optimizer.bind(backend, List.of(new Parameter("W", value, grad)));
            for (int t = 1; t <= STEPS; t++) {
                float[] g = new float[6];
                for (int i = 0; i < 6; i++) {
                    g[i] = (float) gradient(t, i);
                }
                backend.write(grad, g);
                step.apply(rate(optimizer.learningRate(), t));
            }
            backend.read(value, host);
            double[] result = new double[6];
            for (int i = 0; i < 6; i++) {
                result[i] = host[i];
            }
            return result;
        }
    }

    private static void assertClose(double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }

    @Test
    void plainSgd() {
        double[] p = START.clone();
        for (int t = 1; t <= STEPS; t++) {
            for (int i = 0; i < 6; i++) {
                p[i] -= rate(0.1f, t) * gradient(t, i);
            }
        }
        assertClose(p, run(new Sgd(0.1f)));
    }

    @Test
    void momentumAndNesterov() {
        for (boolean nesterov : new boolean[] {false, true}) {
            double mu = 0.9f;
            double[] p = START.clone();
            double[] v = new double[6];
            for (int t = 1; t <= STEPS; t++) {
                double eta = rate(0.05f, t);
                for (int i = 0; i < 6; i++) {
                    double g = gradient(t, i);
                    v[i] = mu * v[i] - eta * g;
                    p[i] += nesterov ? mu * v[i] - eta * g : v[i];
                }
            }
            assertClose(p, run(new Sgd(0.05f, 0.9f, nesterov)));
        }
    }

    @Test
    void adamAndAdamW() {
        for (float decay : new float[] {0f, 0.01f}) {
            double b1 = 0.9f;
            double b2 = 0.999f;
            double eps = 1e-7f;
            double[] p = START.clone();
            double[] m = new double[6];
            double[] v = new double[6];
            for (int t = 1; t <= STEPS; t++) {
                double eta = rate(0.01f, t);
                for (int i = 0; i < 6; i++) {
                    double g = gradient(t, i);
                    p[i] -= eta * decay * p[i];
                    m[i] = b1 * m[i] + (1 - b1) * g;
                    v[i] = b2 * v[i] + (1 - b2) * g * g;
                    double mHat = m[i] / (1 - Math.pow(b1, t));
                    double vHat = v[i] / (1 - Math.pow(b2, t));
                    // Keras puts ε beside √v before the correction: ε̂ = ε·√(1 − β2^t).
                    p[i] -= eta * mHat / (Math.sqrt(vHat) + eps / Math.sqrt(1 - Math.pow(b2, t)));
                }
            }
            assertClose(p, run(new Adam(0.01f, 0.9f, 0.999f, 1e-7f, decay)));
        }
    }

    @Test
    void adamWithoutDecayDiffersFromAdamW() {
        double[] adam = run(new Adam(0.01f));
        double[] adamw = run(new Adam(0.01f, 0.9f, 0.999f, 1e-7f, 0.5f));
        assertEquals(true, Math.abs(adam[2] - adamw[2]) > 1e-4, "decay must change a weight of 2.0");
    }

    @Test
    void badHyperparametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1f, 1f, false));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(-0.1f));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.01f, 1f, 0.999f, 1e-7f, 0f));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.01f, 0.9f, 0.999f, 0f, 0f));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.01f, 0.9f, 0.999f, 1e-7f, -1f));
    }
}
