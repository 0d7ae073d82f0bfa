package nn.compute.aparapi;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import nn.compute.Tensor;

/**
 * Times the two GEMM kernels on the first OpenCL device on W2's and W3's product shapes: a median
 * of {@code runs} runs of {@code reps} products each, milliseconds per product and GFLOP/s. With a third argument {@code small}: the small shapes. Not a
 * test (timings do not belong in unit tests); run it by hand, see docs/opencl-notes.md.
 */
public final class GemmKernelBenchmark {
    private GemmKernelBenchmark() {
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        // m, k, n, transposeA, transposeB: W2 forward, backward and weight gradient; a W3 layer.
        int[][] shapes = {{128, 784, 256, 0, 0}, {128, 256, 784, 0, 1}, {784, 128, 256, 1, 0}, {256, 4096, 1024, 0, 0}};
        if (args.length > 2 && args[2].equals("small")) {
            // W2's last layer (forward, backward, weight gradient) and W1's products.
            shapes = new int[][] {{128, 128, 10, 0, 0}, {128, 10, 128, 0, 1}, {128, 128, 10, 1, 0}, {4, 2, 3, 0, 0},
                {4, 3, 1, 0, 0}, {48, 64, 48, 0, 0}};
        }
        try (AparapiBackend backend = OpenClTestDevice.openForBenchmark()) {
            System.out.println("device: " + backend.name());
            SplittableRandom random = new SplittableRandom(1);
            for (int[] s : shapes) {
                boolean ta = s[3] == 1;
                boolean tb = s[4] == 1;
                Tensor a = filled(backend, ta ? s[1] : s[0], ta ? s[0] : s[1], random);
                Tensor b = filled(backend, tb ? s[2] : s[1], tb ? s[1] : s[2], random);
                Tensor c = backend.allocate(s[0], s[2]);
                for (GemmPlan.Mode mode : new GemmPlan.Mode[] {GemmPlan.Mode.TILED, GemmPlan.Mode.BLOCKED}) {
                    backend.useGemm(mode);
                    backend.gemm(a, ta, b, tb, c);
                    double[] ms = new double[runs];
                    for (int r = 0; r < runs; r++) {
                        long start = System.nanoTime();
                        for (int i = 0; i < reps; i++) {
                            backend.gemm(a, ta, b, tb, c);
                        }
                        backend.read(c.withRows(1), new float[s[2]]); // waits for the device
                        ms[r] = (System.nanoTime() - start) / 1e6 / reps;
                    }
                    Arrays.sort(ms);
                    double median = ms[runs / 2];
                    System.out.printf(Locale.ROOT, "%dx%dx%d %s%s %-7s %9.3f ms  %7.2f GFLOP/s  runs %s%n", s[0], s[1],
                            s[2], ta ? "T" : "N", tb ? "T" : "N", mode, median, 2.0 * s[0] * s[1] * s[2] / median / 1e6,
                            Arrays.toString(ms));
                }
            }
        }
    }

    private static Tensor filled(AparapiBackend backend, int rows, int cols, SplittableRandom random) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextDouble(-1, 1);
        }
        Tensor t = backend.allocate(rows, cols);
        backend.write(t, v);
        return t;
    }
}
