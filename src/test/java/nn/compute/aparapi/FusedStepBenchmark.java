package nn.compute.aparapi;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import nn.compute.Activation;
import nn.compute.Backend;
import nn.compute.DelegatingBackend;
import nn.compute.DeviceCounters;
import nn.compute.Loss;
import nn.compute.Tensor;
import nn.network.DeviceNetwork;
import nn.network.LayerShape;
import nn.network.Network;
import nn.train.Sgd;
import nn.train.TrainingStep;

/**
 * A/B in one JVM on one device: the W2 step with the fused ops against the same step through the
 * Backend defaults (the unfused single ops and their per-step host reads, as before the fused
 * step), interleaved round by round. Not a test: {@code java -cp ... FusedStepBenchmark [steps] [rounds]}.
 */
public final class FusedStepBenchmark {
    private static final int BATCH = 128;
    private static final int SAMPLES = 2048;

    private FusedStepBenchmark() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Network w2 = Network.initialize(784, List.of(new LayerShape(256, Activation.RELU, true),
                new LayerShape(128, Activation.RELU, true), new LayerShape(10, Activation.SOFTMAX, true)), 42);
        try (AparapiBackend cl = OpenClTestDevice.openForBenchmark()) {
            Backend unfused = new DelegatingBackend(cl); // only the single ops are delegated: the defaults compose them
            Runner fused = new Runner(cl, w2);
            Runner plain = new Runner(unfused, w2);
            fused.run(steps);
            plain.run(steps);
            double[] a = new double[rounds];
            double[] b = new double[rounds];
            DeviceCounters ca = DeviceCounters.NONE;
            DeviceCounters cb = DeviceCounters.NONE;
            for (int r = 0; r < rounds; r++) {
                DeviceCounters before = cl.counters();
                a[r] = fused.run(steps);
                ca = ca.plus(cl.counters().minus(before));
                before = cl.counters();
                b[r] = plain.run(steps);
                cb = cb.plus(cl.counters().minus(before));
            }
            double n = (double) rounds * steps;
            System.out.printf(Locale.ROOT, "fused:   median %.2f ms/step %s, %.1f launches, %.1f host reads per step%n",
                    median(a), Arrays.toString(a), ca.launches() / n, ca.hostReads() / n);
            System.out.printf(Locale.ROOT, "unfused: median %.2f ms/step %s, %.1f launches, %.1f host reads per step%n",
                    median(b), Arrays.toString(b), cb.launches() / n, cb.hostReads() / n);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** The W2 step on one backend, with its own data and batch buffers. */
    private static final class Runner {
        private final Backend backend;
        private final TrainingStep step;
        private final Tensor allX;
        private final Tensor allY;
        private final Tensor x;
        private final Tensor y;
        private final int[] order = new int[SAMPLES];
        private int from;

        Runner(Backend backend, Network network) {
            this.backend = backend;
            this.step = new TrainingStep(new DeviceNetwork(backend, network, BATCH), Loss.CATEGORICAL_CROSSENTROPY,
                    new Sgd(0.01f), 0f, null, true);
            SplittableRandom random = new SplittableRandom(7);
            float[] xs = new float[SAMPLES * 784];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = (float) random.nextDouble();
            }
            float[] ys = new float[SAMPLES * 10];
            for (int i = 0; i < SAMPLES; i++) {
                ys[i * 10 + random.nextInt(10)] = 1f;
                order[i] = (int) ((i * 7919L) % SAMPLES);
            }
            allX = backend.allocate(SAMPLES, 784);
            allY = backend.allocate(SAMPLES, 10);
            backend.write(allX, xs);
            backend.write(allY, ys);
            x = backend.allocate(BATCH, 784);
            y = backend.allocate(BATCH, 10);
            step.resetMetrics(0, 0);
        }

        /** Milliseconds per step over {@code steps} steps, ending with a sync. */
        double run(int steps) {
            long start = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                if (from + BATCH > SAMPLES) {
                    from = 0;
                }
                backend.gatherBatch(allX, allY, order, from, x, y);
                step.run(x, y, null, 0.01f, 1, s + 1);
                from += BATCH;
            }
            step.sync();
            return (System.nanoTime() - start) / 1e6 / steps;
        }
    }
}
