package nn.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import nn.compute.Activation;
import nn.compute.Backend;
import nn.compute.Tensor;
import nn.compute.java.JavaBackend;
import org.junit.jupiter.api.Test;

/** batch_norm's two modes and its running statistics, against host arithmetic in double. */
class BatchNormLayerTest {
    private static final int ROWS = 7;

    private static Network network(BatchNormLayer bn) {
        Network base = Network.initialize(3, List.of(new LayerShape(4, Activation.TANH, true),
                new LayerShape(2, Activation.SOFTMAX, true)), 3);
        return new Network(3, List.of(base.layers().get(0), bn, base.layers().get(1)));
    }

    private static float[] input() {
        SplittableRandom r = new SplittableRandom(11);
        float[] x = new float[ROWS * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 4 - 2);
        }
        return x;
    }

    /** Column means and biased variances of the first layer's output tanh(X·W + b), in double. */
    private static double[][] moments(DenseLayer dense, float[] x) {
        double[] mean = new double[4];
        double[] var = new double[4];
        double[][] a = new double[ROWS][4];
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < 4; j++) {
                double z = dense.biases()[j];
                for (int i = 0; i < 3; i++) {
                    z += x[r * 3 + i] * dense.weights()[i * 4 + j];
                }
                a[r][j] = Math.tanh(z);
                mean[j] += a[r][j] / ROWS;
            }
        }
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < 4; j++) {
                var[j] += (a[r][j] - mean[j]) * (a[r][j] - mean[j]) / ROWS;
            }
        }
        return new double[][] {mean, var};
    }

    @Test
    void trainingUpdatesTheRunningStatisticsByMomentum() {
        float momentum = 0.75f;
        BatchNormLayer bn = BatchNormLayer.initial(4, momentum, 0.001f);
        Network net = network(bn);
        float[] x = input();
        try (Backend backend = new JavaBackend(1)) {
            DeviceNetwork device = new DeviceNetwork(backend, net, ROWS);
            Tensor xt = backend.allocate(ROWS, 3);
            backend.write(xt, x);
            device.forward(xt, null);
            BatchNormLayer after = (BatchNormLayer) device.download().layers().get(1);
            double[][] m = moments(net.dense(0), x);
            for (int j = 0; j < 4; j++) {
                assertEquals((1 - momentum) * m[0][j], after.movingMean()[j], 1e-5);
                assertEquals(momentum + (1 - momentum) * m[1][j], after.movingVariance()[j], 1e-5);
            }
            // Evaluation reads the running statistics and leaves them alone.
            device.forward(xt);
            assertArrayEquals(after.movingMean(), ((BatchNormLayer) device.download().layers().get(1)).movingMean());
        }
    }

    @Test
    void evaluationWithRunningStatisticsEqualToTheBatchsMatchesTraining() {
        float[] x = input();
        Network probe = network(BatchNormLayer.initial(4, 0.99f, 0.001f));
        double[][] m = moments(probe.dense(0), x);
        float[] mean = new float[4];
        float[] var = new float[4];
        float[] gamma = {1.5f, 0.5f, -1f, 2f};
        float[] beta = {0.1f, -0.2f, 0.3f, 0f};
        for (int j = 0; j < 4; j++) {
            mean[j] = (float) m[0][j];
            var[j] = (float) m[1][j];
        }
        Network net = network(new BatchNormLayer(4, 0.99f, 0.001f, gamma, beta, mean, var));
        try (Backend backend = new JavaBackend(1)) {
            DeviceNetwork device = new DeviceNetwork(backend, net, ROWS);
            Tensor xt = backend.allocate(ROWS, 3);
            backend.write(xt, x);
            float[] training = new float[ROWS * 2];
            backend.read(device.forward(xt, null), training);
            float[] evaluation = new float[ROWS * 2];
            backend.read(device.forward(xt), evaluation);
            assertArrayEquals(training, evaluation, 1e-5f);
        }
    }

    @Test
    void entryRoundTripsAndBadShapesAreRefused() {
        BatchNormLayer bn = new BatchNormLayer(2, 0.9f, 0.01f, new float[] {1, 2}, new float[] {3, 4},
                new float[] {5, 6}, new float[] {7, 8});
        assertEquals(bn, bn.entry().toLayer());
        assertEquals(4, bn.parameterCount() + bn.stateCount() - 4);
        assertThrows(IllegalArgumentException.class, () -> new BatchNormLayer(2, 1f, 0.01f, new float[2], new float[2],
                new float[2], new float[2]));
        assertThrows(IllegalArgumentException.class, () -> new BatchNormLayer(2, 0.5f, 0.01f, new float[3], new float[2],
                new float[2], new float[2]));
        // The loss needs a dense output layer.
        assertThrows(IllegalArgumentException.class, () -> new Network(2, List.of(bn)));
    }
}
