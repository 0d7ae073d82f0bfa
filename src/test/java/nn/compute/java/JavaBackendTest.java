package nn.compute.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import nn.compute.Tensor;
import org.junit.jupiter.api.Test;

/** The Java backend's products against a naive double-precision loop, in every transpose form. */
class JavaBackendTest {

    @Test
    void gemmMatchesNaiveInEveryForm() {
        int[][] shapes = {{1, 1, 1}, {1, 7, 1}, {5, 1, 3}, {3, 17, 129}, {64, 33, 65}};
        try (JavaBackend backend = new JavaBackend(2)) {
            for (int[] s : shapes) {
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        check(backend, s[0], s[1], s[2], ta, tb);
                    }
                }
            }
        }
    }

    private static void check(JavaBackend backend, int m, int n, int k, boolean ta, boolean tb) {
        SplittableRandom random = new SplittableRandom(m * 31L + n * 7L + k);
        float[] a = random(random, m * k);
        float[] b = random(random, k * n);
        Tensor at = ta ? backend.allocate(k, m) : backend.allocate(m, k);
        Tensor bt = tb ? backend.allocate(n, k) : backend.allocate(k, n);
        backend.write(at, a);
        backend.write(bt, b);
        Tensor c = backend.allocate(m, n);
        backend.gemm(at, ta, bt, tb, c);
        float[] actual = new float[m * n];
        backend.read(c, actual);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[p * m + i] : a[i * k + p];
                    double bv = tb ? b[j * k + p] : b[p * n + j];
                    sum += av * bv;
                }
                assertEquals(sum, actual[i * n + j], 1e-5 * Math.max(1, k), m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb);
            }
        }
    }

    @Test
    void countCorrectUsesThresholdOrArgmax() {
        try (JavaBackend backend = new JavaBackend(1)) {
            Tensor out = backend.allocate(3, 1);
            Tensor y = backend.allocate(3, 1);
            backend.write(out, new float[] {0.7f, 0.2f, 0.5f});
            backend.write(y, new float[] {1, 1, 1});
            assertEquals(2, backend.countCorrect(out, y));
            Tensor out3 = backend.allocate(2, 3);
            Tensor y3 = backend.allocate(2, 3);
            backend.write(out3, new float[] {0.1f, 0.8f, 0.1f, 0.5f, 0.2f, 0.3f});
            backend.write(y3, new float[] {0, 1, 0, 0, 0, 1});
            assertEquals(1, backend.countCorrect(out3, y3));
            assertEquals(1, backend.countCorrect(out3.withRows(1), y3.withRows(1)), "a view sees only its rows");
        }
    }

    private static float[] random(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }

    @Test
    void elementwiseOps() {
        try (JavaBackend backend = new JavaBackend(1)) {
            Tensor a = backend.allocate(2, 2);
            Tensor b = backend.allocate(2, 2);
            backend.write(a, new float[] {1, -2, 3, 0.5f});
            backend.write(b, new float[] {2, 4, 0, -1});
            assertEquals(1 + 4 + 9 + 0.25, backend.sumOfSquares(a), 0);
            backend.addScaled(a, b, 0.5f);
            float[] out = new float[4];
            backend.read(a, out);
            org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {2, 0, 3, 0}, out);
            backend.scale(b, -2f);
            backend.read(b, out);
            org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {-4, -8, -0f, 2}, out);
            // Only the first row of a one-row view is touched.
            backend.multiply(a.withRows(1), b.withRows(1), a.withRows(1));
            backend.read(a, out);
            org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {-8, -0f, 3, 0}, out);
        }
    }
}
