package nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import nn.compute.Activation;
import nn.compute.Backend;
import nn.compute.Loss;
import nn.compute.Tensor;
import nn.compute.java.JavaBackend;
import nn.network.DeviceNetwork;
import nn.network.LayerShape;
import nn.network.Network;
import org.junit.jupiter.api.Test;

/** The one training step: its two halves, the data-parallel seam between them, its metrics and its divergence check. */
class TrainingStepTest {
    private static final int ROWS = 9;
    private static final Network NETWORK = Network.initialize(3, List.of(new LayerShape(5, Activation.TANH, true),
            new LayerShape(2, Activation.SOFTMAX, true)), 4);

    private final float[] x = new float[ROWS * 3];
    private final float[] y = new float[ROWS * 2];

    TrainingStepTest() {
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        for (int r = 0; r < ROWS; r++) {
            y[r * 2 + random.nextInt(2)] = 1;
        }
    }

    private static Tensor upload(Backend backend, float[] values, int from, int rows, int cols) {
        Tensor t = backend.allocate(rows, cols);
        float[] part = new float[rows * cols];
        System.arraycopy(values, from * cols, part, 0, part.length);
        backend.write(t, part);
        return t;
    }

    private TrainingStep step(Backend backend, int rows) {
        return new TrainingStep(new DeviceNetwork(backend, NETWORK, rows), Loss.CATEGORICAL_CROSSENTROPY,
                new Sgd(0.5f, 0.9f, false), 0f, null, true);
    }

    @Test
    void gradientsOfTwoPartitionsAveragedByRowsGiveTheWholeBatchsStep() {
        try (Backend backend = new JavaBackend(1)) {
            TrainingStep whole = step(backend, ROWS);
            whole.run(upload(backend, x, 0, ROWS, 3), upload(backend, y, 0, ROWS, 2), null, 0.5f, 1, 1);

            // Unequal partitions: 4 and 5 rows, each computing the gradients of its own batch mean.
            TrainingStep left = step(backend, 4);
            TrainingStep right = step(backend, 5);
            int a = left.computeGradients(upload(backend, x, 0, 4, 3), upload(backend, y, 0, 4, 2), null);
            int b = right.computeGradients(upload(backend, x, 4, 5, 3), upload(backend, y, 4, 5, 2), null);
            List<float[]> ga = left.readGradients();
            List<float[]> gb = right.readGradients();
            List<float[]> averaged = new ArrayList<>();
            for (int t = 0; t < ga.size(); t++) {
                float[] avg = new float[ga.get(t).length];
                for (int i = 0; i < avg.length; i++) {
                    avg[i] = (float) (((double) a * ga.get(t)[i] + (double) b * gb.get(t)[i]) / (a + b));
                }
                averaged.add(avg);
            }
            left.writeGradients(averaged);
            left.applyGradients(0.5f, 1, 1);
            assertEquals(whole.lossSum(), left.lossSum() + right.lossSum(), 1e-5);

            List<float[]> expected = values(backend, whole);
            List<float[]> actual = values(backend, left);
            for (int t = 0; t < expected.size(); t++) {
                assertArrayEquals(expected.get(t), actual.get(t), 1e-6f, whole.parameters().get(t).name());
            }
        }
    }

    private static List<float[]> values(Backend backend, TrainingStep step) {
        List<float[]> result = new ArrayList<>();
        step.parameters().forEach(p -> {
            float[] v = new float[p.value().size()];
            backend.read(p.value(), v);
            result.add(v);
        });
        return result;
    }

    @Test
    void metricsAccumulateUntilReset() {
        try (Backend backend = new JavaBackend(1)) {
            TrainingStep step = step(backend, ROWS);
            Tensor xt = upload(backend, x, 0, ROWS, 3);
            Tensor yt = upload(backend, y, 0, ROWS, 2);
            double sum = 0;
            for (int s = 1; s <= 3; s++) {
                step.run(xt, yt, null, 0.5f, 1, s);
                sum += step.lastLoss();
            }
            assertEquals(sum, step.lossSum());
            double correct = step.quality();
            assertEquals(Math.rint(correct), correct, "a count of correct rows");
            step.resetMetrics(0, 0);
            assertEquals(0, step.lossSum());
            assertEquals(0, step.quality());
        }
    }

    @Test
    void aNonFiniteBatchIsReportedAtTheNextSyncWithItsOwnStepAndNoUpdateAfterIt() {
        try (Backend backend = new JavaBackend(1)) {
            TrainingStep step = step(backend, ROWS);
            float[] bad = x.clone();
            bad[4] = Float.NaN;
            List<float[]> before = values(backend, step);
            // The bad batch is step 7; steps 8 and 9 are fine, and the sync comes after them.
            step.run(upload(backend, bad, 0, ROWS, 3), upload(backend, y, 0, ROWS, 2), null, 0.5f, 3, 7);
            step.run(upload(backend, x, 0, ROWS, 3), upload(backend, y, 0, ROWS, 2), null, 0.5f, 3, 8);
            step.run(upload(backend, x, 0, ROWS, 3), upload(backend, y, 0, ROWS, 2), null, 0.5f, 3, 9);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, step::sync);
            assertEquals(3, e.epoch());
            assertEquals(7, e.batch());
            List<float[]> after = values(backend, step);
            for (int t = 0; t < before.size(); t++) {
                assertArrayEquals(before.get(t), after.get(t), "weights as before the bad step");
            }
            step.resetMetrics(0, 0);
            step.run(upload(backend, x, 0, ROWS, 3), upload(backend, y, 0, ROWS, 2), null, 0.5f, 4, 1);
            step.sync();
            assertFalse(Arrays.equals(before.get(0), values(backend, step).get(0)), "a reset record trains again");
        }
    }

    @Test
    void applyGradientsSyncsAtOnce() {
        try (Backend backend = new JavaBackend(1)) {
            TrainingStep step = step(backend, ROWS);
            float[] bad = x.clone();
            bad[4] = Float.POSITIVE_INFINITY;
            step.computeGradients(upload(backend, bad, 0, ROWS, 3), upload(backend, y, 0, ROWS, 2), null);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> step.applyGradients(0.5f, 2, 5));
            assertEquals(5, e.batch());
        }
    }
}
