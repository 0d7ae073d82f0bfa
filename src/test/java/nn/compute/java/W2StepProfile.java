package nn.compute.java;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nn.compute.Activation;
import nn.compute.Loss;
import nn.compute.ParameterSet;
import nn.compute.RunningTotals;
import nn.compute.StepGuard;
import nn.compute.Tensor;
import nn.compute.UpdateRule;

/**
 * Where a W2 step's time goes: the backend ops of one 784-256-128-10 SGD step (batch 128) in the
 * order {@code TrainingStep} issues them, each timed on its own, summed over many steps. Not a
 * test (nothing here asserts); run by hand after {@code mvn -o -q test-compile}:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes \
 *     nn.compute.java.W2StepProfile THREADS STEPS [cpu|fused]
 * </pre>
 * With {@code cpu} (one thread only) each op is timed by the thread's CPU time, which other
 * processes on a shared machine do not inflate as they do wall time. With {@code fused} the step
 * issues the fused step ops as {@code TrainingStep} does (one parallel region per layer pass and
 * two for the update), timed by wall time; the single ops' wall time on two threads against their
 * CPU time on one shows what the hand-offs and waits cost.
 */
public final class W2StepProfile {
    private static final int BATCH = 128;
    private static final int ROWS = 60_000;

    private final JavaBackend b;
    private final boolean cpuClock;
    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final List<String> names = new ArrayList<>();
    private long[] totals = new long[64];
    private int op;
    private long last;
    private boolean fused;

    private W2StepProfile(JavaBackend backend, boolean cpuClock) {
        this.b = backend;
        this.cpuClock = cpuClock;
    }

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int steps = Integer.parseInt(args[1]);
        boolean cpu = args.length > 2 && args[2].equals("cpu");
        boolean fused = args.length > 2 && args[2].equals("fused");
        try (JavaBackend backend = new JavaBackend(threads)) {
            W2StepProfile profile = new W2StepProfile(backend, cpu);
            profile.fused = fused;
            System.out.println("kernel " + backend.kernel() + ", " + threads + " threads, "
                    + (cpu ? "thread CPU time" : "wall time") + (fused ? ", fused step ops" : ", single ops"));
            profile.run(steps); // warm-up: the JIT compiles every op
            profile.totals = new long[64];
            long start = System.nanoTime();
            profile.run(steps);
            profile.print(steps, System.nanoTime() - start);
        }
    }

    private void run(int steps) {
        Random rng = new Random(1);
        Tensor all = random(ROWS, 784, rng, 2f);
        Tensor allY = b.allocate(ROWS, 10);
        float[] labels = new float[ROWS * 10];
        for (int i = 0; i < ROWS; i++) {
            labels[i * 10 + rng.nextInt(10)] = 1f;
        }
        b.write(allY, labels);
        Tensor x = b.allocate(BATCH, 784);
        Tensor y = b.allocate(BATCH, 10);
        Tensor[] w = {random(784, 256, rng, 0.1f), random(256, 128, rng, 0.1f), random(128, 10, rng, 0.1f)};
        Tensor[] bias = {random(1, 256, rng, 0.1f), random(1, 128, rng, 0.1f), random(1, 10, rng, 0.1f)};
        Tensor[] dw = {b.allocate(784, 256), b.allocate(256, 128), b.allocate(128, 10)};
        Tensor[] db = {b.allocate(1, 256), b.allocate(1, 128), b.allocate(1, 10)};
        int[] widths = {256, 128, 10};
        Tensor[] z = new Tensor[3];
        Tensor[] h = new Tensor[3];
        Tensor[] d = new Tensor[3];
        for (int l = 0; l < 3; l++) {
            z[l] = b.allocate(BATCH, widths[l]);
            h[l] = b.allocate(BATCH, widths[l]);
            d[l] = b.allocate(BATCH, widths[l]);
        }
        int[] order = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            order[i] = i;
        }
        if (fused) {
            runFused(steps, all, allY, x, y, w, bias, dw, db, z, h, d, order);
            return;
        }
        for (int s = 0; s < steps; s++) {
            op = 0;
            last = now();
            b.gatherRows(all, order, (s % (ROWS / BATCH)) * BATCH, x);
            b.gatherRows(allY, order, (s % (ROWS / BATCH)) * BATCH, y);
            mark("gather x, y");
            forward(x, w, bias, z, h);
            b.outputDelta(Loss.CATEGORICAL_CROSSENTROPY, Activation.SOFTMAX, z[2], h[2], y, d[2], null);
            b.countCorrect(h[2], y);
            mark("softmax CE delta, count");
            backward(x, w, dw, db, z, h, d);
            double squares = 0;
            for (int l = 0; l < 3; l++) {
                squares += b.sumOfSquares(dw[l]) + b.sumOfSquares(db[l]);
            }
            mark("sum of squares (norm)");
            for (int l = 0; l < 3; l++) {
                b.sgdStep(w[l], dw[l], 0.01f);
                b.sgdStep(bias[l], db[l], 0.01f);
            }
            mark("sgd");
            if (Double.isNaN(squares)) {
                throw new IllegalStateException("diverged");
            }
        }
    }

    private void runFused(int steps, Tensor all, Tensor allY, Tensor x, Tensor y, Tensor[] w, Tensor[] bias,
                          Tensor[] dw, Tensor[] db, Tensor[] z, Tensor[] h, Tensor[] d, int[] order) {
        List<Tensor> values = new ArrayList<>();
        List<Tensor> grads = new ArrayList<>();
        for (int l = 0; l < 3; l++) {
            values.add(w[l]);
            values.add(bias[l]);
            grads.add(dw[l]);
            grads.add(db[l]);
        }
        ParameterSet set = new ParameterSet(values, grads, List.of(), List.of());
        RunningTotals totals = b.allocateTotals();
        Activation[] acts = {Activation.RELU, Activation.RELU, Activation.SOFTMAX};
        String[] products = {"x·W1 + bias, relu", "h1·W2 + bias, relu", "h2·W3 + bias, softmax"};
        for (int s = 0; s < steps; s++) {
            op = 0;
            last = now();
            b.gatherBatch(all, allY, order, (s % (ROWS / BATCH)) * BATCH, x, y);
            mark("gatherBatch");
            for (int l = 0; l < 3; l++) {
                b.denseForward(l == 0 ? x : h[l - 1], w[l], bias[l], acts[l], z[l], h[l]);
                mark("denseForward " + products[l]);
            }
            b.lossStep(Loss.CATEGORICAL_CROSSENTROPY, Activation.SOFTMAX, z[2], h[2], y, d[2], null, true, totals);
            mark("lossStep");
            for (int l = 2; l >= 0; l--) {
                b.weightGradients(l == 0 ? x : h[l - 1], d[l], dw[l], db[l]);
                mark("weightGradients " + (l + 1));
                if (l > 0) {
                    b.deltaBackward(d[l], w[l], d[l - 1], z[l - 1], h[l - 1], Activation.RELU);
                    mark("deltaBackward " + (l + 1) + " -> " + l);
                }
            }
            b.update(set, new UpdateRule.Plain(0.01f), new StepGuard(0f, totals, 1, s + 1));
            mark("update (norm, sgd)");
        }
        totals.read();
    }

    private void forward(Tensor x, Tensor[] w, Tensor[] bias, Tensor[] z, Tensor[] h) {
        b.gemm(x, false, w[0], false, z[0]);
        mark("x·W1 128x256x784");
        b.biasActivation(z[0], bias[0], Activation.RELU, h[0]);
        mark("bias+relu 1");
        b.gemm(h[0], false, w[1], false, z[1]);
        mark("h1·W2 128x128x256");
        b.biasActivation(z[1], bias[1], Activation.RELU, h[1]);
        mark("bias+relu 2");
        b.gemm(h[1], false, w[2], false, z[2]);
        mark("h2·W3 128x10x128");
        b.biasActivation(z[2], bias[2], Activation.SOFTMAX, h[2]);
        mark("bias+softmax");
    }

    private void backward(Tensor x, Tensor[] w, Tensor[] dw, Tensor[] db, Tensor[] z, Tensor[] h, Tensor[] d) {
        b.gemm(h[1], true, d[2], false, dw[2]);
        mark("h2ᵀ·δ3 128x10x128");
        b.columnSums(d[2], db[2]);
        b.gemm(d[2], false, w[2], true, d[1]);
        mark("δ3·W3ᵀ 128x128x10");
        b.activationBackward(d[1], z[1], h[1], Activation.RELU);
        mark("relu' 2");
        b.gemm(h[0], true, d[1], false, dw[1]);
        mark("h1ᵀ·δ2 256x128x128");
        b.columnSums(d[1], db[1]);
        mark("column sums 2, 3");
        b.gemm(d[1], false, w[1], true, d[0]);
        mark("δ2·W2ᵀ 128x256x128");
        b.activationBackward(d[0], z[0], h[0], Activation.RELU);
        mark("relu' 1");
        b.gemm(x, true, d[0], false, dw[0]);
        mark("xᵀ·δ1 784x256x128");
        b.columnSums(d[0], db[0]);
        mark("column sums 1");
    }

    private Tensor random(int rows, int cols, Random rng, float scale) {
        Tensor t = b.allocate(rows, cols);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (rng.nextFloat() - 0.5f) * scale;
        }
        b.write(t, v);
        return t;
    }

    private long now() {
        return cpuClock ? mx.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private void mark(String name) {
        long t = now();
        totals[op] += t - last;
        if (names.size() <= op) {
            names.add(name);
        }
        op++;
        last = now();
    }

    private void print(int steps, long wallNanos) {
        double sum = 0;
        for (int i = 0; i < names.size(); i++) {
            sum += totals[i];
            System.out.printf("%-26s %8.1f µs%n", names.get(i), totals[i] / 1e3 / steps);
        }
        System.out.printf("%-26s %8.1f µs (wall per step %.1f µs, %.0f samples/s)%n", "sum of the ops", sum / 1e3 / steps,
                wallNanos / 1e3 / steps, (double) steps * BATCH / (wallNanos / 1e9));
    }
}
