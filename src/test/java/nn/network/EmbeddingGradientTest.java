package nn.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nn.compute.Activation;
import nn.compute.Backend;
import nn.compute.DeviceInfo;
import nn.compute.DeviceScan;
import nn.compute.Loss;
import nn.compute.Tensor;
import nn.compute.aparapi.OpenClDevices;
import nn.compute.java.JavaBackend;
import org.junit.jupiter.api.Test;

/**
 * The embedding layer in backprop. (1) embedding (2 numeric, tables 6×3 and 4×2) → dense(tanh) →
 * batch_norm → dense(softmax) with cross-entropy: every table's float gradient against central
 * differences of {@link GradientCheck}'s double forward pass, worst relative error ≤ 1e-2 (float
 * gradients against a double loss; the dense tests use the same bound). Ids include repeats, 0
 * and one outside the table (which reads row 0). (2) A linear unit with MSE, where
 * dE[v][k] = Σ over rows with id v of 2(ŷ − y)/n · W[column k], worked out here by hand.
 */
class EmbeddingGradientTest {
    private static final int ROWS = 9;

    @Test
    void tablesMatchFiniteDifferencesOnJava() {
        try (Backend backend = new JavaBackend(2)) {
            checkAll(backend);
        }
    }

    /** The same on OpenCL (PoCL in CI): the device's lookup and scatter-add kernels, no fallback. */
    @Test
    void tablesMatchFiniteDifferencesOnOpenCl() {
        DeviceScan scan = OpenClDevices.scan();
        assumeTrue(!scan.devices().isEmpty(), "no OpenCL device: " + scan.problem());
        DeviceInfo chosen = scan.autoChoice() != null ? scan.autoChoice() : scan.devices().get(0);
        try (Backend backend = OpenClDevices.open(chosen.index())) {
            checkAll(backend);
        }
    }

    static void checkAll(Backend backend) {
        SplittableRandom random = new SplittableRandom(5);
        EmbeddingLayer embedding = new EmbeddingLayer(2, new int[] {6, 4}, new int[] {3, 2},
                List.of(TestValues.toFloat(TestValues.uniform(random, 18, 0.8)),
                        TestValues.toFloat(TestValues.uniform(random, 8, 0.8))));
        int width = embedding.outputs();
        List<Layer> layers = new ArrayList<>();
        layers.add(embedding);
        layers.add(new DenseLayer(width, 5, Activation.TANH, true, TestValues.toFloat(TestValues.uniform(random, width * 5, 0.7)),
                TestValues.toFloat(TestValues.uniform(random, 5, 0.2))));
        layers.add(BatchNormLayer.initial(5, 0.9f, 0.001f));
        layers.add(new DenseLayer(5, 3, Activation.SOFTMAX, true, TestValues.toFloat(TestValues.uniform(random, 15, 0.7)),
                new float[3]));
        Network network = new Network(4, layers);
        float[] x = new float[ROWS * 4];
        float[] y = new float[ROWS * 3];
        int[] firstIds = {1, 1, 0, 5, 2, 1, 9, 3, 5};
        for (int r = 0; r < ROWS; r++) {
            x[r * 4] = (float) random.nextDouble(-1, 1);
            x[r * 4 + 1] = (float) random.nextDouble(-1, 1);
            x[r * 4 + 2] = firstIds[r];
            x[r * 4 + 3] = r % 4;
            y[r * 3 + random.nextInt(3)] = 1;
        }
        List<GradientCheck.TensorResult> results = GradientCheck.run(backend, network, Loss.CATEGORICAL_CROSSENTROPY, x, y, ROWS);
        assertEquals("E1_1", results.get(0).name());
        assertEquals("E1_2", results.get(1).name());
        for (GradientCheck.TensorResult t : results) {
            assertTrue(t.worstRelativeError() <= 1e-2, t.name() + ": " + t);
        }
    }

    @Test
    void linearUnitGivesTheHandDerivedGradient() {
        float[] table = {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f};
        float[] w = {0.7f, -1.1f, 0.9f};
        Network network = new Network(2, List.of(new EmbeddingLayer(1, new int[] {3}, new int[] {2}, List.of(table)),
                new DenseLayer(3, 1, Activation.LINEAR, false, w, new float[0])));
        float[] x = {0.5f, 2, -1, 2, 0.25f, 0};
        float[] y = {1, 0, -1};
        try (Backend backend = new JavaBackend(2)) {
            DeviceNetwork device = new DeviceNetwork(backend, network, 3);
            Tensor xt = backend.allocate(3, 2);
            Tensor yt = backend.allocate(3, 1);
            backend.write(xt, x);
            backend.write(yt, y);
            device.forward(xt, null);
            device.backward(Loss.MEAN_SQUARED_ERROR, xt, yt);
            double[] expected = new double[6];
            for (int r = 0; r < 3; r++) {
                int id = (int) x[r * 2 + 1];
                double out = x[r * 2] * w[0] + table[id * 2] * w[1] + table[id * 2 + 1] * w[2];
                double g = 2 * (out - y[r]) / 3;
                expected[id * 2] += g * w[1];
                expected[id * 2 + 1] += g * w[2];
            }
            float[] actual = new float[6];
            backend.read(device.parameters().get(0).gradient(), actual);
            for (int i = 0; i < 6; i++) {
                assertEquals(expected[i], actual[i], 1e-6, "dE[" + i + "]");
            }
            assertEquals(0, actual[2], "id 1 appears in no row, so its row gets no gradient");
        }
    }
}
