package nn.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import nn.compute.Activation;
import nn.compute.Loss;
import nn.compute.Tensor;
import nn.compute.java.JavaBackend;
import nn.data.Dataset;
import nn.network.DeviceNetwork;
import nn.network.LayerShape;
import nn.network.Network;
import org.junit.jupiter.api.Test;

/**
 * After warm-up a training step allocates (almost) nothing on the calling thread: buffers live on
 * the backend, the worker pool hands off without lambdas or futures.
 */
class AllocationPerStepTest {
    private static final long BYTES_PER_STEP = 1024;
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void aStepOfAMultiThreadedSoftmaxNetworkAllocatesUnderOneKilobyte() {
        Network network = Network.initialize(784, List.of(new LayerShape(256, Activation.RELU, true),
                new LayerShape(10, Activation.SOFTMAX, true)), 1);
        try (JavaBackend backend = new JavaBackend(2)) {
            int batch = 128;
            DeviceNetwork net = new DeviceNetwork(backend, network, batch);
            Tensor x = backend.allocate(batch, 784);
            Tensor y = backend.allocate(batch, 10);
            backend.write(x, random(batch * 784));
            float[] targets = new float[batch * 10];
            for (int r = 0; r < batch; r++) {
                targets[r * 10 + r % 10] = 1f;
            }
            backend.write(y, targets);
            Optimizer.Step step = new Sgd(0.01f).bind(backend, net.parameters());
            Runnable trainingStep = () -> {
                net.forward(x);
                net.backward(Loss.CATEGORICAL_CROSSENTROPY, x, y);
                step.apply(0.01f);
            };
            assertPerStepAllocationBelowLimit(trainingStep, 200, 300);
        }
    }

    @Test
    void aTrainerEpochOnXorAllocatesUnderOneKilobytePerStep() {
        Dataset xor = new Dataset(List.of("a", "b"), List.of("0", "1"), 4, 2, 1,
                new float[] {0, 0, 0, 1, 1, 0, 1, 1}, new float[] {0, 1, 1, 0});
        Network network = Network.initialize(2, List.of(new LayerShape(3, Activation.RELU, true),
                new LayerShape(1, Activation.SIGMOID, true)), 3);
        try (JavaBackend backend = new JavaBackend(2)) {
            Trainer shortRun = new Trainer(new TrainingOptions(Loss.BINARY_CROSSENTROPY, new Sgd(0.1f), 2_000, 4, true, 1));
            Trainer longRun = new Trainer(new TrainingOptions(Loss.BINARY_CROSSENTROPY, new Sgd(0.1f), 22_000, 4, true, 1));
            for (int warm = 0; warm < 3; warm++) {
                longRun.fit(network, xor, null, backend, TrainingListener.silent());
            }
            long shortBytes = allocatedBy(() -> shortRun.fit(network, xor, null, backend, TrainingListener.silent()));
            long longBytes = allocatedBy(() -> longRun.fit(network, xor, null, backend, TrainingListener.silent()));
            // The difference is 20,000 steps (one per epoch); it includes the per-epoch metrics record and history.
            double perStep = (longBytes - shortBytes) / 20_000.0;
            assertTrue(perStep <= BYTES_PER_STEP, "allocated " + perStep + " bytes per step");
        }
    }

    private void assertPerStepAllocationBelowLimit(Runnable step, int warmup, int measured) {
        for (int i = 0; i < warmup; i++) {
            step.run();
        }
        long bytes = allocatedBy(() -> {
            for (int i = 0; i < measured; i++) {
                step.run();
            }
        });
        double perStep = (double) bytes / measured;
        assertTrue(perStep <= BYTES_PER_STEP, "allocated " + perStep + " bytes per step");
    }

    private long allocatedBy(Runnable work) {
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        work.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }

    private static float[] random(int size) {
        SplittableRandom random = new SplittableRandom(9);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) random.nextDouble();
        }
        return v;
    }
}
