package nn.compute.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;
import nn.compute.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The blocked GEMM against a double-precision triple loop, in every transpose form. */
class GemmTest {

    /**
     * Relative tolerance on max|c − ref| / (max|a|·max|b|·k): float sums of k products of
     * numbers in [−1, 1) stay far below 1e-5 of that bound.
     */
    private static final double TOLERANCE = 1e-5;

    /** 0 for the scalar kernel, then every vector width this CPU has (128, 256, 512 on AVX-512). */
    static Stream<Integer> kernels() {
        return Stream.concat(Stream.of(0), JavaBackend.vectorWidths().stream());
    }

    static JavaBackend backend(int threads, int bits) {
        return bits == 0 ? new JavaBackend(threads, false) : JavaBackend.withVectorBits(threads, bits);
    }

    /** The detected blocking of the packed kernel of {@code bits} (the scalar kernel's for 0). */
    static Blocking blocking(int bits) {
        return switch (bits) {
            case 128 -> Blocking.of(CacheSizes.detect(), Kernel128.MR, Kernel128.NR);
            case 256 -> Blocking.of(CacheSizes.detect(), Kernel256.MR, Kernel256.NR);
            case 512 -> Blocking.of(CacheSizes.detect(), Kernel512.MR, Kernel512.NR);
            default -> new Blocking(Gemm.KC, 64, Gemm.NC, Gemm.KC);
        };
    }

    static int nr(int bits) {
        return bits == 0 ? 16 : 2 * bits / 32;
    }

    static Stream<Arguments> shapes() {
        return kernels().flatMap(bits -> baseShapes(bits).map(a -> {
            Object[] args = a.get();
            return Arguments.of(bits, args[0], args[1], args[2], args[3], args[4]);
        }));
    }

    static Stream<Arguments> baseShapes(int bits) {
        int kc = Gemm.KC;
        int nc = Gemm.NC;
        Blocking v = blocking(bits);
        int nr = nr(bits);
        int[][] mnk = {
            {1, 1, 1}, {1, 7, 1}, {7, 1, 1}, {1, 1, 9}, {1, 300, 5}, {300, 1, 5}, {5, 3, 1},
            {3, 5, 2}, {17, 19, 23}, {64, 64, 64}, {33, 65, 129}, {2, 3, 4},
            {4, nc + 1, kc + 1}, {5, nc - 1, kc - 1}, {9, 2 * nc + 3, 3}, {3, 5, 2 * kc + 3},
            {130, 70, 1}, {128, 10, 128}, {31, nc + 7, 2 * kc + 1},
            {v.mc() + 5, 2 * nr + 3, v.kc() + 3}, {9, v.nc() + 17, 40}, {9, nr + 1, 40}, {v.mc() - 1, 2 * nr - 1, 2 * v.kc() + 1},
            {100, 2 * nr, 33}, {200, 300, 1}, {1, 40_000, 1}, {3, 20_000, 2},
            // narrow outputs (run as cᵀ) deeper than one block, and on more rows than one block
            {2 * v.mc() + 7, 7, 2 * v.kc() + 3}, {v.mc() + 1, nr - 1, 20},
            // a row stride of 4 KiB: row-major op(a) packed, not read in place
            {13, nr + 3, 1024},
            // aᵀ with a row stride of 4 KiB: packed six at a time (1024 = 170 strips of six and an edge of 4)
            {1024, nr + 3, 20},
        };
        Stream.Builder<Arguments> all = Stream.builder();
        for (int[] s : mnk) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    all.add(Arguments.of(s[0], s[1], s[2], ta, tb));
                }
            }
        }
        return all.build();
    }

    @ParameterizedTest(name = "bits={0} {1}x{2}x{3} transposeA={4} transposeB={5}")
    @MethodSource("shapes")
    void matchesDoublePrecisionReference(int bits, int m, int n, int k, boolean ta, boolean tb) {
        SplittableRandom random = new SplittableRandom(31L * m + 7L * n + k);
        float[] a = randomArray(m * k, random);
        float[] b = randomArray(k * n, random);
        try (JavaBackend backend = backend(2, bits)) {
            assertEquals(bits, backend.vectorBits());
            float[] c = multiply(backend, a, ta, b, tb, m, n, k);
            assertCloseToReference(c, a, ta, b, tb, m, n, k);
        }
    }

    private static void assertCloseToReference(float[] c, float[] a, boolean ta, float[] b, boolean tb,
                                               int m, int n, int k) {
        double[] ref = reference(a, ta, b, tb, m, n, k);
        double worst = 0;
        for (int i = 0; i < c.length; i++) {
            worst = Math.max(worst, Math.abs(c[i] - ref[i]));
        }
        assertTrue(worst / k <= TOLERANCE, "max error " + worst + " for k=" + k);
    }

    /**
     * Caches of odd sizes (not powers of two, smaller than any real core's) give block sizes that
     * cut every dimension into uneven pieces; the product must stay right and thread-independent.
     */
    @ParameterizedTest(name = "bits={0}")
    @MethodSource("vectorWidths")
    void oddCacheSizesGiveOddBlocksThatStillMultiplyRight(int bits) {
        CacheSizes odd = new CacheSizes(1000, 7 * 1000 + 3, 37 * 1000);
        int m = 131;
        int n = 301;
        int k = 150;
        SplittableRandom random = new SplittableRandom(11);
        float[] a = randomArray(m * k, random);
        float[] b = randomArray(k * n, random);
        assertRightOnOneAndThreeThreads(bits, odd, a, false, b, true, m, n, k,
                blocks -> blocks.kc() < k && blocks.mc() < m && blocks.nc() < n, "the odd caches must split every dimension");
    }

    /**
     * With op(b) = bᵀ the blocks go deeper than KC (up to {@code kcTransposedB}) and narrower than
     * NC, to fit the same pack: caches that make both happen on a small product, in every form
     * (only NT and TT go deep), on one and three threads.
     */
    @ParameterizedTest(name = "bits={0}")
    @MethodSource("vectorWidths")
    void deepTransposedBlocksThatStillMultiplyRight(int bits) {
        CacheSizes deep = new CacheSizes(1000, 64_000, 37_000);
        int m = 131;
        int n = 301;
        int k = 150;
        SplittableRandom random = new SplittableRandom(12);
        float[] a = randomArray(m * k, random);
        float[] b = randomArray(k * n, random);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                assertRightOnOneAndThreeThreads(bits, deep, a, ta, b, tb, m, n, k,
                        blocks -> blocks.kcTransposedB() > blocks.kc() && blocks.kc() < k
                                && blocks.kcTransposedB() * 4 > blocks.nc(), "deep, narrow blocks expected");
            }
        }
    }

    /**
     * The packed kernel of {@code bits} for {@code caches}, whose blocking must pass {@code expected},
     * multiplies right on one thread and gives the same bits on three.
     */
    private static void assertRightOnOneAndThreeThreads(int bits, CacheSizes caches, float[] a, boolean ta, float[] b,
                                                        boolean tb, int m, int n, int k, Predicate<Blocking> expected,
                                                        String what) {
        float[] first = null;
        for (int threads : new int[] {1, 3}) {
            try (WorkerPool pool = new WorkerPool(threads)) {
                PackedGemm gemm = VectorKernels.create(pool, bits, caches);
                assertTrue(expected.test(gemm.blocking), what + ": " + gemm.blocking);
                float[] c = new float[m * n];
                gemm.multiply(a, ta, b, tb, c, m, n, k);
                assertCloseToReference(c, a, ta, b, tb, m, n, k);
                if (first == null) {
                    first = c;
                } else {
                    assertArrayEquals(first, c, "3 threads must give the bits of 1");
                }
            }
        }
    }

    static Stream<Integer> vectorWidths() {
        return JavaBackend.vectorWidths().stream();
    }

    @Test
    void overwritesWhatCHeldBefore() {
        try (JavaBackend backend = new JavaBackend(1)) {
            Tensor a = backend.allocate(300, 300);
            Tensor b = backend.allocate(300, 300);
            Tensor c = backend.allocate(300, 300);
            float[] garbage = new float[300 * 300];
            java.util.Arrays.fill(garbage, 42f);
            backend.write(c, garbage);
            backend.gemm(a, false, b, false, c);
            float[] out = new float[300 * 300];
            backend.read(c, out);
            assertArrayEquals(new float[300 * 300], out);
        }
    }

    @ParameterizedTest(name = "bits={0} transposeA={1} transposeB={2}")
    @MethodSource("transposeForms")
    void bitwiseIdenticalWhateverTheThreadCount(int vector, boolean ta, boolean tb) {
        Blocking v = blocking(vector);
        // Rows split unevenly, more than one block deep, and wider than one block of columns.
        assertSameBitsWithOneTwoThreeThreads(vector, 23, v.nc() + 45, v.kc() + 77, ta, tb);
        assertSameBitsWithOneTwoThreeThreads(vector, 203, 3 * nr(vector) + 5, v.kc() + 77, ta, tb);
        // Narrow outputs run as cᵀ = op(b)ᵀ·op(a)ᵀ, split over c's columns.
        assertSameBitsWithOneTwoThreeThreads(vector, Gemm.KC + 301, 10, 129, ta, tb);
        assertSameBitsWithOneTwoThreeThreads(vector, 2 * v.mc() + 9, 10, 2 * v.kc() + 7, ta, tb);
    }

    @org.junit.jupiter.api.Test
    void theVectorKernelIsInUseWhenTheModuleIsPresent() {
        try (JavaBackend vector = new JavaBackend(1, true); JavaBackend scalar = new JavaBackend(1, false)) {
            assertEquals(GemmKernel.vectorApiAvailable() ? "vector-" + vector.vectorBits() : "scalar", vector.kernel());
            assertTrue(JavaBackend.vectorWidths().contains(vector.vectorBits()) || !GemmKernel.vectorApiAvailable());
            assertEquals("scalar", scalar.kernel());
        }
    }

    @org.junit.jupiter.api.Test
    void everyWidthUpToTheCpusWidestIsOffered() {
        java.util.List<Integer> widths = JavaBackend.vectorWidths();
        assertTrue(widths.contains(128), "every CPU with the Vector API has 128-bit vectors: " + widths);
        for (int bits : widths) {
            try (JavaBackend backend = JavaBackend.withVectorBits(1, bits)) {
                assertEquals("vector-" + bits, backend.kernel());
            }
        }
    }

    private static void assertSameBitsWithOneTwoThreeThreads(int vector, int m, int n, int k, boolean ta, boolean tb) {
        SplittableRandom random = new SplittableRandom(5);
        float[] a = randomArray(m * k, random);
        float[] b = randomArray(k * n, random);
        float[] one;
        try (JavaBackend backend = backend(1, vector)) {
            one = multiply(backend, a, ta, b, tb, m, n, k);
        }
        for (int threads : new int[] {2, 3}) {
            try (JavaBackend backend = backend(threads, vector)) {
                float[] c = multiply(backend, a, ta, b, tb, m, n, k);
                for (int i = 0; i < c.length; i++) {
                    assertEquals(Float.floatToRawIntBits(one[i]), Float.floatToRawIntBits(c[i]),
                            "element " + i + " differs with " + threads + " threads");
                }
            }
        }
    }

    static Stream<Arguments> transposeForms() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (int vector : kernels().toList()) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    all.add(Arguments.of(vector, ta, tb));
                }
            }
        }
        return all.build();
    }

    private static float[] multiply(JavaBackend backend, float[] a, boolean ta, float[] b, boolean tb,
                                    int m, int n, int k) {
        Tensor at = ta ? backend.allocate(k, m) : backend.allocate(m, k);
        Tensor bt = tb ? backend.allocate(n, k) : backend.allocate(k, n);
        Tensor ct = backend.allocate(m, n);
        backend.write(at, a);
        backend.write(bt, b);
        backend.gemm(at, ta, bt, tb, ct);
        float[] c = new float[m * n];
        backend.read(ct, c);
        return c;
    }

    /** op(a)·op(b) in double, straight from the definition. */
    static double[] reference(float[] a, boolean ta, float[] b, boolean tb, int m, int n, int k) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[p * m + i] : a[i * k + p];
                    double bv = tb ? b[j * k + p] : b[p * n + j];
                    sum += av * bv;
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }

    static float[] randomArray(int size, SplittableRandom random) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }
}
