package nn.compute.java;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * GFLOP/s of the packed GEMM on the products of a W2 and a W3 step, one shape at a time, against
 * the FMA peak at the kernel's width. Not a test (nothing here asserts); run by hand after
 * {@code mvn -o -q test-compile}:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes \
 *     nn.compute.java.GemmProfile THREADS [SHAPE ...]
 * </pre>
 * A shape is {@code MxNxK} and a transpose form ({@code NN}, {@code TN}, {@code NT}), as in
 * GemmBenchmark. With one thread each product is timed by the thread's CPU time, which other
 * processes on a shared machine inflate less than wall time; with more, by wall time (best of the
 * rounds).
 */
public final class GemmProfile {
    private static final String[] SHAPES = {"128x256x784 NN", "784x256x128 TN", "128x784x256 NT", "128x128x256 NN",
        "256x128x128 TN", "128x256x128 NT", "128x10x128 NN", "128x10x128 TN", "128x128x10 NT",
        "256x4096x4096 NN", "4096x4096x256 TN", "256x4096x4096 NT", "256x10x4096 NN"};

    private GemmProfile() {
    }

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        String[] shapes = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length) : SHAPES;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (WorkerPool pool = new WorkerPool(threads)) {
            GemmKernel gemm = GemmKernel.create(pool, true, 0);
            System.out.printf("kernel %s, %d threads, FMA peak %.0f GFLOP/s%n", gemm.name(), threads,
                    gemm.fmaPeakGflops());
            for (int pass = 0; pass < 2; pass++) {
                for (String shape : shapes) {
                    profile(gemm, shape, threads, mx, pass == 1); // the first pass warms up the JIT
                }
            }
        }
    }

    /** Times one shape: the best of eight timed rounds after four untimed ones; prints it when asked. */
    private static void profile(GemmKernel gemm, String shape, int threads, ThreadMXBean mx, boolean print) {
        String[] p = shape.split("[x ]");
        int m = Integer.parseInt(p[0]);
        int n = Integer.parseInt(p[1]);
        int k = Integer.parseInt(p[2]);
        boolean ta = p[3].charAt(0) == 'T';
        boolean tb = p[3].charAt(1) == 'T';
        SplittableRandom rng = new SplittableRandom(1);
        float[] a = random(m * k, rng);
        float[] b = random(k * n, rng);
        float[] c = new float[m * n];
        double flops = 2.0 * m * n * k;
        int reps = (int) Math.max(1, 2e8 / flops);
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 12; round++) {
            long t0 = threads == 1 ? mx.getCurrentThreadCpuTime() : System.nanoTime();
            for (int r = 0; r < reps; r++) {
                gemm.multiply(a, ta, b, tb, c, m, n, k);
            }
            long t = (threads == 1 ? mx.getCurrentThreadCpuTime() : System.nanoTime()) - t0;
            if (round >= 4) {
                best = Math.min(best, t);
            }
        }
        if (print) {
            System.out.printf("%-16s %8.1f GFLOP/s %10.1f us%n", shape, flops * reps / best, best / 1e3 / reps);
        }
    }

    private static float[] random(int length, SplittableRandom rng) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) rng.nextDouble(-1, 1);
        }
        return x;
    }
}
