package nn.compute.java;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The products of one W2 and one W3 training step, each kernel beside a naive triple loop (the
 * baseline). Shapes are "m x n x k form": c (m×n) = op(a)·op(b) over k. Run with the Vector API
 * module so that {@code vector} is the Vector API kernel (see the jmh profile in pom.xml).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {

    @Param({"128x256x784 NN", "784x256x128 TN", "128x256x128 NT", "128x128x256 NN", "256x128x128 TN",
        "128x10x128 NN", "256x4096x4096 NN", "4096x4096x256 TN", "256x4096x4096 NT"})
    public String shape;

    @Param({"vector", "scalar", "naive"})
    public String kernel;

    @Param({"1", "2"})
    public int threads;

    private int m;
    private int n;
    private int k;
    private boolean transposeA;
    private boolean transposeB;
    private float[] a;
    private float[] b;
    private float[] c;
    private WorkerPool pool;
    private GemmKernel gemm;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = shape.split("[x ]");
        m = Integer.parseInt(parts[0]);
        n = Integer.parseInt(parts[1]);
        k = Integer.parseInt(parts[2]);
        transposeA = parts[3].charAt(0) == 'T';
        transposeB = parts[3].charAt(1) == 'T';
        SplittableRandom random = new SplittableRandom(1);
        a = random.doubles((long) m * k).collect(() -> new FloatCollector(m * k), FloatCollector::add, (x, y) -> { }).values;
        b = random.doubles((long) k * n).collect(() -> new FloatCollector(k * n), FloatCollector::add, (x, y) -> { }).values;
        c = new float[m * n];
        pool = new WorkerPool(threads);
        gemm = switch (kernel) {
            case "vector" -> GemmKernel.create(pool, true);
            case "scalar" -> GemmKernel.create(pool, false);
            default -> null;
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public void multiply(Blackhole blackhole) {
        if (gemm == null) {
            naive();
        } else {
            gemm.multiply(a, transposeA, b, transposeB, c, m, n, k);
        }
        blackhole.consume(c);
    }

    /** The baseline: i-p-j loops on flat arrays, one thread, as the first Java backend did. */
    private void naive() {
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(c, i * n, (i + 1) * n, 0f);
            for (int p = 0; p < k; p++) {
                float av = transposeA ? a[p * m + i] : a[i * k + p];
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += av * (transposeB ? b[j * k + p] : b[p * n + j]);
                }
            }
        }
    }

    /** Fills a float array from a stream of doubles in [−1, 1). */
    private static final class FloatCollector {
        final float[] values;
        int size;

        FloatCollector(int capacity) {
            values = new float[capacity];
        }

        void add(double d) {
            values[size++] = (float) (2 * d - 1);
        }
    }
}
