package nn.compute.aparapi;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import nn.compute.Activation;
import nn.compute.Backend;
import nn.compute.Loss;
import nn.compute.Tensor;
import nn.network.DeviceNetwork;
import nn.network.LayerShape;
import nn.network.Network;
import nn.train.Sgd;
import nn.train.TrainingStep;

/**
 * Where a W2 step's time goes on the first OpenCL device: every Backend call of the step (the
 * trainer's own {@link TrainingStep}, after the batch gather) is timed through a proxy, and since
 * every Aparapi launch waits for its kernel, each fused op's time is its launch's. Prints, per call
 * and operand shapes, the calls per step and the median and minimum in µs (the minimum is the
 * figure that load on a shared machine disturbs least), then the cost of an empty launch. Only the
 * Backend interface is used, so the same file runs against an older build for a before/after (one
 * without gatherBatch, such as bbc7c3a, gathers with two gatherRows calls instead).
 * Not a test: {@code java -cp ... StepLaunchProfile [steps [samples]]} (docs/opencl-notes.md).
 */
public final class StepLaunchProfile {
    private final Map<String, List<Long>> times = new LinkedHashMap<>();
    private boolean recording;

    private StepLaunchProfile() {
    }

    public static void main(String[] args) throws Exception {
        new StepLaunchProfile().profile(args.length > 0 ? Integer.parseInt(args[0]) : 60,
                args.length > 1 ? Integer.parseInt(args[1]) : 4096);
    }

    private void profile(int steps, int samples) throws Exception {
        Network network = Network.initialize(784, List.of(new LayerShape(256, Activation.RELU, true),
                new LayerShape(128, Activation.RELU, true), new LayerShape(10, Activation.SOFTMAX, true)), 42);
        AparapiBackend cl = OpenClTestDevice.openForBenchmark();
        Backend b = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, m, a) -> {
                    long t0 = System.nanoTime();
                    Object r;
                    try {
                        r = m.invoke(cl, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    long t = System.nanoTime() - t0;
                    if (recording) {
                        times.computeIfAbsent(key(m, a), k -> new ArrayList<>()).add(t);
                    }
                    return r;
                });
        float[] xs = new float[samples * 784];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) random.nextDouble();
        }
        float[] ys = new float[samples * 10];
        int[] order = new int[samples];
        for (int i = 0; i < samples; i++) {
            ys[i * 10 + random.nextInt(10)] = 1f;
            order[i] = (int) ((i * 7919L) % samples);
        }
        Tensor allX = b.allocate(samples, 784);
        Tensor allY = b.allocate(samples, 10);
        b.write(allX, xs);
        b.write(allY, ys);
        Tensor x = b.allocate(128, 784);
        Tensor y = b.allocate(128, 10);
        TrainingStep step = new TrainingStep(new DeviceNetwork(b, network, 128), Loss.CATEGORICAL_CROSSENTROPY,
                new Sgd(0.01f), 0f, null, true);
        long[] stepNs = new long[steps];
        int from = 0;
        for (int s = -20; s < steps; s++) {
            recording = s >= 0;
            if (from + 128 > samples) {
                from = 0;
            }
            long t0 = System.nanoTime();
            b.gatherBatch(allX, allY, order, from, x, y);
            step.run(x, y, null, 0.01f, 1, s + 21);
            if (s >= 0) {
                stepNs[s] = System.nanoTime() - t0;
            }
            from += 128;
        }
        recording = false;
        long[] sorted = stepNs.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "step: median %.0f us, min %.0f us%n", sorted[steps / 2] / 1e3, sorted[0] / 1e3);
        double sumMedian = 0;
        for (Map.Entry<String, List<Long>> e : times.entrySet()) {
            long[] v = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
            double per = (double) v.length / steps;
            double med = v[v.length / 2] / 1e3;
            sumMedian += med * per;
            System.out.printf(Locale.ROOT, "%-60s %5.1f/step median %8.0f us  min %8.0f us%n", e.getKey(), per, med, v[0] / 1e3);
        }
        System.out.printf(Locale.ROOT, "sum of medians: %.0f us%n", sumMedian);
        long t0 = System.nanoTime();
        for (int i = 0; i < 500; i++) {
            cl.launchEmpty();
        }
        System.out.printf(Locale.ROOT, "empty launch: %.1f us%n", (System.nanoTime() - t0) / 1e3 / 500);
        cl.close();
    }

    private static String key(Method m, Object[] a) {
        StringBuilder s = new StringBuilder(m.getName());
        if (a != null) {
            for (Object o : a) {
                if (o instanceof Tensor t) {
                    s.append(' ').append(t.rows()).append('x').append(t.cols());
                } else if (o instanceof Boolean bo) {
                    s.append(bo ? " T" : " N");
                }
            }
        }
        return s.toString();
    }
}
