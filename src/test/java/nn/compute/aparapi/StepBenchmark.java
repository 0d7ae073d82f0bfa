package nn.compute.aparapi;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import nn.compute.Activation;
import nn.compute.Backend;
import nn.compute.Loss;
import nn.compute.Tensor;
import nn.compute.java.JavaBackend;
import nn.network.DeviceNetwork;
import nn.network.LayerShape;
import nn.network.Network;
import nn.train.Sgd;
import nn.train.TrainingStep;

/**
 * A measuring harness, not a test: the W2 training step (784-256(ReLU)-128(ReLU)-10 softmax + CE,
 * batch 128, plain SGD lr 0.01, 60,000 random samples uploaded once) on the Java backend and on
 * OpenCL, each step the trainer's own {@link TrainingStep} after two gathers; and
 * the cost of one empty kernel launch. Prints medians of repeated timings.
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) nn.compute.aparapi.StepBenchmark [steps] [repeats]
 * </pre>
 */
public final class StepBenchmark {
    private static final int SAMPLES = 60_000;
    private static final int BATCH = 128;

    private StepBenchmark() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        float[] x = new float[SAMPLES * 784];
        float[] y = new float[SAMPLES * 10];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        for (int r = 0; r < SAMPLES; r++) {
            y[r * 10 + random.nextInt(10)] = 1f;
        }
        Network network = Network.initialize(784, List.of(new LayerShape(256, Activation.RELU, true),
                new LayerShape(128, Activation.RELU, true), new LayerShape(10, Activation.SOFTMAX, true)), 42);
        try (Backend java = new JavaBackend(Runtime.getRuntime().availableProcessors())) {
            report("java (" + Runtime.getRuntime().availableProcessors() + " threads)", time(java, network, x, y, steps, repeats));
        }
        try (AparapiBackend cl = OpenClTestDevice.openForBenchmark()) {
            report(cl.name() + " (" + GemmPlan.Mode.AUTO + " GEMM plan)", time(cl, network, x, y, steps, repeats));
            cl.useGemm(GemmPlan.Mode.TILED);
            report(cl.name() + " (16x16 tiled GEMM only)", time(cl, network, x, y, steps, repeats));
            cl.useGemm(GemmPlan.Mode.AUTO);
            double[] launches = new double[repeats];
            for (int rep = 0; rep < repeats; rep++) {
                int n = 2000;
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    cl.launchEmpty();
                }
                launches[rep] = (System.nanoTime() - start) / 1e3 / n;
            }
            System.out.printf(Locale.ROOT, "empty kernel launch on %s: median %.1f µs (of %d runs of 2000)%n", cl.name(),
                    median(launches), repeats);
        }
    }

    /** Milliseconds per step, one figure per repeat, after one warm-up repeat. */
    private static double[] time(Backend backend, Network network, float[] x, float[] y, int steps, int repeats) {
        DeviceNetwork net = new DeviceNetwork(backend, network, BATCH);
        Tensor allX = backend.allocate(SAMPLES, 784);
        Tensor allY = backend.allocate(SAMPLES, 10);
        backend.write(allX, x);
        backend.write(allY, y);
        Tensor xb = backend.allocate(BATCH, 784);
        Tensor yb = backend.allocate(BATCH, 10);
        int[] order = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            order[i] = (int) ((i * 7919L) % SAMPLES);
        }
        TrainingStep step = new TrainingStep(net, Loss.CATEGORICAL_CROSSENTROPY, new Sgd(0.01f), 0f, null, true);
        double[] ms = new double[repeats];
        int from = 0;
        for (int rep = -1; rep < repeats; rep++) {
            long start = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                if (from + BATCH > SAMPLES) {
                    from = 0;
                }
                backend.gatherRows(allX, order, from, xb);
                backend.gatherRows(allY, order, from, yb);
                step.run(xb, yb, null, 0.01f, 1, s + 1);
                from += BATCH;
            }
            if (rep >= 0) {
                ms[rep] = (System.nanoTime() - start) / 1e6 / steps;
            }
        }
        if (step.quality() == Double.MIN_VALUE) {
            System.out.println(step.lossSum()); // keeps the results alive
        }
        return ms;
    }

    private static void report(String name, double[] ms) {
        double median = median(ms);
        System.out.printf(Locale.ROOT, "W2 step on %s: median %.2f ms/step = %.0f samples/s (runs: %s)%n", name, median,
                BATCH * 1000 / median, Arrays.toString(Arrays.stream(ms).map(v -> Math.round(v * 100) / 100.0).toArray()));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
