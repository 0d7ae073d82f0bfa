package nn.compute.aparapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nn.compute.Activation;
import nn.compute.Backend;
import nn.compute.DeviceCounters;
import nn.compute.Loss;
import nn.compute.Tensor;
import nn.compute.Totals;
import nn.compute.java.JavaBackend;
import nn.network.DeviceNetwork;
import nn.network.LayerShape;
import nn.network.Network;
import nn.network.Parameter;
import nn.train.Adam;
import nn.train.Sgd;
import nn.train.TrainingDivergedException;
import nn.train.TrainingStep;
import org.junit.jupiter.api.Test;

/**
 * The fused training step on OpenCL (PoCL in CI): a W2 step (784-256-128-10, batch 128) is 3 × layers
 * + 2 = 11 launches and no host read, the totals come back in one read at a sync; a non-finite
 * step is reported at the next sync with its own (epoch, batch), the weights as they were before
 * it; clipping and Adam match the Java backend's step.
 */
class FusedStepTest {
    private static final int BATCH = 128;

    @Test
    void aW2StepIsElevenLaunchesAndNoHostReadUntilTheSync() {
        try (AparapiBackend backend = OpenClTestDevice.open()) {
            Network w2 = Network.initialize(784, List.of(new LayerShape(256, Activation.RELU, true),
                    new LayerShape(128, Activation.RELU, true), new LayerShape(10, Activation.SOFTMAX, true)), 42);
            TrainingStep step = new TrainingStep(new DeviceNetwork(backend, w2, BATCH),
                    Loss.CATEGORICAL_CROSSENTROPY, new Sgd(0.01f), 0f, null, true);
            Tensor[] data = data(backend, 2 * BATCH, 784, 10, 3);
            Tensor x = backend.allocate(BATCH, 784);
            Tensor y = backend.allocate(BATCH, 10);
            int[] order = new int[2 * BATCH];
            for (int i = 0; i < order.length; i++) {
                order[i] = order.length - 1 - i;
            }
            step.resetMetrics(0, 0);
            backend.gatherBatch(data[0], data[1], order, 0, x, y);
            step.run(x, y, null, 0.01f, 1, 1); // the first launch puts the arena
            DeviceCounters start = backend.counters();
            for (int s = 0; s < 3; s++) {
                backend.gatherBatch(data[0], data[1], order, (s % 2) * BATCH, x, y);
                step.run(x, y, null, 0.01f, 1, s + 2);
            }
            DeviceCounters steps = backend.counters().minus(start);
            assertEquals(3 * 11, steps.launches(), "launches of three steps");
            assertEquals(0, steps.hostReads(), "host reads of three steps");
            Totals totals = step.sync();
            assertEquals(1, backend.counters().minus(start).hostReads(), "the sync is one host read");
            assertEquals(4 * BATCH, totals.rows());
        }
    }

    @Test
    void aNonFiniteStepIsReportedAtTheNextSyncWithItsOwnStep() {
        try (AparapiBackend backend = OpenClTestDevice.open()) {
            Network net = Network.initialize(3, List.of(new LayerShape(5, Activation.RELU, true),
                    new LayerShape(2, Activation.SOFTMAX, true)), 4);
            TrainingStep step = new TrainingStep(new DeviceNetwork(backend, net, 9), Loss.CATEGORICAL_CROSSENTROPY,
                    new Sgd(0.5f, 0.9f, false), 0f, null, true);
            Tensor[] good = data(backend, 9, 3, 2, 5);
            float[] values = new float[27];
            backend.read(good[0], values);
            values[4] = Float.NaN;
            Tensor bad = backend.allocate(9, 3);
            backend.write(bad, values);
            step.resetMetrics(0, 0);
            step.run(good[0], good[1], null, 0.5f, 3, 6);
            List<float[]> before = values(backend, step);
            step.run(bad, good[1], null, 0.5f, 3, 7);
            step.run(good[0], good[1], null, 0.5f, 3, 8);
            step.run(good[0], good[1], null, 0.5f, 3, 9);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, step::sync);
            assertEquals(3, e.epoch());
            assertEquals(7, e.batch());
            List<float[]> after = values(backend, step);
            for (int t = 0; t < before.size(); t++) {
                assertArrayEquals(before.get(t), after.get(t), "weights as before step 7");
            }
        }
    }

    @Test
    void clippingAndAdamMatchTheJavaStep() {
        Network net = Network.initialize(7, List.of(new LayerShape(33, Activation.TANH, true),
                new LayerShape(17, Activation.LEAKY_RELU, true), new LayerShape(3, Activation.SOFTMAX, true)), 9);
        try (AparapiBackend cl = OpenClTestDevice.open(); Backend java = new JavaBackend(1)) {
            List<float[]> expected = train(java, net);
            List<float[]> actual = train(cl, net);
            for (int t = 0; t < expected.size(); t++) {
                float[] e = expected.get(t);
                float[] a = actual.get(t);
                for (int i = 0; i < e.length; i++) {
                    assertEquals(e[i], a[i], 1e-4 + 1e-3 * Math.abs(e[i]), "parameter " + t + " element " + i);
                }
            }
        }
    }

    /** Ten Adam steps of batch 20 with the gradients clipped to norm 0.05 (every step clips). */
    private static List<float[]> train(Backend backend, Network net) {
        TrainingStep step = new TrainingStep(new DeviceNetwork(backend, net, 20), Loss.CATEGORICAL_CROSSENTROPY,
                new Adam(0.01f), 0.05f, null, true);
        Tensor[] d = data(backend, 20, 7, 3, 11);
        step.resetMetrics(0, 0);
        for (int s = 1; s <= 10; s++) {
            step.run(d[0], d[1], null, 0.01f, 1, s);
        }
        step.sync();
        return values(backend, step);
    }

    /** Random inputs in [-1, 1) and one-hot targets, on the backend. */
    private static Tensor[] data(Backend backend, int rows, int features, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        float[] y = new float[rows * classes];
        for (int r = 0; r < rows; r++) {
            y[r * classes + random.nextInt(classes)] = 1f;
        }
        Tensor tx = backend.allocate(rows, features);
        Tensor ty = backend.allocate(rows, classes);
        backend.write(tx, x);
        backend.write(ty, y);
        return new Tensor[] {tx, ty};
    }

    private static List<float[]> values(Backend backend, TrainingStep step) {
        List<float[]> result = new ArrayList<>();
        for (Parameter p : step.parameters()) {
            float[] v = new float[p.value().size()];
            backend.read(p.value(), v);
            result.add(v);
        }
        return result;
    }
}
