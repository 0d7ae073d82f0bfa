package nn.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import nn.compute.Activation;
import nn.compute.Backend;
import nn.compute.DelegatingBackend;
import nn.compute.Loss;
import nn.compute.Tensor;
import nn.compute.java.JavaBackend;
import nn.network.DeviceNetwork;
import nn.network.LayerShape;
import nn.network.Network;

/**
 * W2 epochs (784-256-128-10, batch 128, SGD, random data as {@code bench}'s) through the Java
 * backend's own fused step ops and, on the same backend in the same JVM, through the Backend
 * interface's default compositions of its single ops (a {@link DelegatingBackend} overrides none
 * of them), epoch by epoch in turn, so that a shared machine's load falls on both alike. Not a
 * test; run by hand after {@code mvn -o -q test-compile}:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes \
 *     nn.train.FusedStepComparison ROUNDS THREADS
 * </pre>
 */
public final class FusedStepComparison {
    private static final int ROWS = 60_000;
    private static final int BATCH = 128;

    private FusedStepComparison() {
    }

    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        Random r = new Random(7);
        float[] xs = new float[ROWS * 784];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) r.nextDouble();
        }
        float[] ys = new float[ROWS * 10];
        for (int i = 0; i < ROWS; i++) {
            ys[i * 10 + r.nextInt(10)] = 1f;
        }
        try (Backend fused = new JavaBackend(threads)) {
            List<Epochs> variants = List.of(new Epochs(fused, xs, ys), new Epochs(new DelegatingBackend(fused), xs, ys));
            double[][] rates = new double[2][rounds];
            for (int round = -1; round < rounds; round++) { // round -1 warms up the JIT
                for (int v = 0; v < 2; v++) {
                    double rate = variants.get(v).epoch();
                    if (round >= 0) {
                        rates[v][round] = rate;
                    }
                }
                if (round >= 0) {
                    System.out.printf("round %d: fused %.0f, defaults %.0f samples/s (%.3f)%n", round + 1,
                            rates[0][round], rates[1][round], rates[0][round] / rates[1][round]);
                }
            }
            double[] ratios = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                ratios[i] = rates[0][i] / rates[1][i];
            }
            System.out.printf("medians: fused %.0f, defaults %.0f samples/s, ratio %.3f%n", median(rates[0]),
                    median(rates[1]), median(ratios));
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** One W2 network, its step and the data on one backend. */
    private static final class Epochs {
        private final Backend backend;
        private final TrainingStep step;
        private final Tensor allX;
        private final Tensor allY;
        private final Tensor x;
        private final Tensor y;
        private final int[] order = new int[ROWS];

        Epochs(Backend backend, float[] xs, float[] ys) {
            this.backend = backend;
            List<LayerShape> layers = new ArrayList<>(List.of(new LayerShape(256, Activation.RELU, true),
                    new LayerShape(128, Activation.RELU, true), new LayerShape(10, Activation.SOFTMAX, true)));
            DeviceNetwork net = new DeviceNetwork(backend, Network.initialize(784, layers, 42), BATCH);
            this.step = new TrainingStep(net, Loss.CATEGORICAL_CROSSENTROPY, new Sgd(0.01f), 0f, null, true);
            this.allX = backend.allocate(ROWS, 784);
            backend.write(allX, xs);
            this.allY = backend.allocate(ROWS, 10);
            backend.write(allY, ys);
            this.x = backend.allocate(BATCH, 784);
            this.y = backend.allocate(BATCH, 10);
            for (int i = 0; i < ROWS; i++) {
                order[i] = i;
            }
        }

        /** One epoch of full batches; returns samples per second. */
        double epoch() {
            int steps = ROWS / BATCH;
            long start = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                backend.gatherBatch(allX, allY, order, s * BATCH, x, y);
                step.run(x, y, null, 0.01f, 1, s + 1);
            }
            step.sync();
            return (double) steps * BATCH / ((System.nanoTime() - start) / 1e9);
        }
    }
}
