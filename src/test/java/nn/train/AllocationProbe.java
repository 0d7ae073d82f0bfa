package nn.train;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import nn.compute.Activation;
import nn.compute.Loss;
import nn.compute.StepGuard;
import nn.compute.Tensor;
import nn.compute.java.JavaBackend;
import nn.network.DeviceNetwork;
import nn.network.LayerShape;
import nn.network.Network;

/**
 * Run by {@link AllocationPerStepTest} in a JVM of its own: warms up a 784-256-10 softmax step
 * (the update guarded, as the trainer's are) on two threads with the vector width of its argument
 * (0: the default) until the JIT has compiled it, then prints the bytes the calling thread allocated per step over 300 more.
 */
final class AllocationProbe {
    private AllocationProbe() {
    }

    public static void main(String[] args) {
        int bits = Integer.parseInt(args[0]);
        Network network = Network.initialize(784, List.of(new LayerShape(256, Activation.RELU, true),
                new LayerShape(10, Activation.SOFTMAX, true)), 1);
        try (JavaBackend backend = bits == 0 ? new JavaBackend(2) : JavaBackend.withVectorBits(2, bits)) {
            int batch = 128;
            DeviceNetwork net = new DeviceNetwork(backend, network, batch);
            Tensor x = backend.allocate(batch, 784);
            Tensor y = backend.allocate(batch, 10);
            SplittableRandom random = new SplittableRandom(9);
            float[] features = new float[batch * 784];
            for (int i = 0; i < features.length; i++) {
                features[i] = (float) random.nextDouble();
            }
            backend.write(x, features);
            float[] targets = new float[batch * 10];
            for (int r = 0; r < batch; r++) {
                targets[r * 10 + r % 10] = 1f;
            }
            backend.write(y, targets);
            Optimizer.Step step = new Sgd(0.01f).bind(backend, net.parameters());
            // guarded as the trainer's steps are: the finiteness check of every gradient runs too
            StepGuard guard = new StepGuard(0f, backend.allocateTotals(), 1, 1);
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            // Warm up until the JIT has compiled the step (a round allocating at most the test's bound),
            // at most 40 rounds: on a saturated machine C2 can take thousands of steps to get there,
            // and until it has, Vector API code allocates. A step that keeps allocating still fails.
            for (int round = 0; round < 40; round++) {
                long start = threads.getThreadAllocatedBytes(id);
                steps(net, step, guard, x, y, 100);
                if (threads.getThreadAllocatedBytes(id) - start <= 100 * AllocationPerStepTest.BYTES_PER_STEP) {
                    break;
                }
            }
            int measured = 300;
            long before = threads.getThreadAllocatedBytes(id);
            steps(net, step, guard, x, y, measured);
            double perStep = (double) (threads.getThreadAllocatedBytes(id) - before) / measured;
            System.out.println(backend.kernel());
            System.out.println("bytes per step " + perStep);
        }
    }

    private static void steps(DeviceNetwork net, Optimizer.Step step, StepGuard guard, Tensor x, Tensor y,
                              int count) {
        for (int i = 0; i < count; i++) {
            net.forward(x);
            net.backward(Loss.CATEGORICAL_CROSSENTROPY, x, y);
            step.apply(0.01f, guard);
        }
    }
}
