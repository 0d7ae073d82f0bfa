package nn.train;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import nn.compute.Activation;
import nn.compute.Loss;
import nn.compute.Tensor;
import nn.compute.java.JavaBackend;
import nn.network.DeviceNetwork;
import nn.network.LayerShape;
import nn.network.Network;

/**
 * Run by {@link AllocationPerStepTest} in a JVM of its own: warms up a 784-256-10 softmax step on
 * two threads with the vector width of its argument (0: the default), then prints the bytes the
 * calling thread allocates per step in its steady state (the least of up to 40 windows of 100 steps).
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
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            // Steady state, not a fixed step count: on a loaded machine C2 may compile the Vector API
            // code late, and until then vector objects are boxed. The least a 100-step window
            // allocates is what a step costs; a real per-step allocation shows in every window.
            for (int i = 0; i < 200; i++) {
                step(net, step, x, y);
            }
            double perStep = Double.MAX_VALUE;
            for (int window = 0; window < 40 && perStep > 64; window++) {
                long before = threads.getThreadAllocatedBytes(id);
                for (int i = 0; i < 100; i++) {
                    step(net, step, x, y);
                }
                perStep = Math.min(perStep, (threads.getThreadAllocatedBytes(id) - before) / 100.0);
            }
            System.out.println(backend.kernel());
            System.out.println("bytes per step " + perStep);
        }
    }

    private static void step(DeviceNetwork net, Optimizer.Step step, Tensor x, Tensor y) {
        net.forward(x);
        net.backward(Loss.CATEGORICAL_CROSSENTROPY, x, y);
        step.apply(0.01f);
    }
}
