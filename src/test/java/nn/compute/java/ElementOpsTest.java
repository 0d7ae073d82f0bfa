package nn.compute.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The elementwise ops split over threads give, on 1, 2 and 3 threads, the bits of the plain
 * sequential loop (the sum of squares: of its fixed chunks, within double rounding of the exact sum).
 */
class ElementOpsTest {
    private static final int N = 3 * ElementOps.PARALLEL_ELEMENTS + 7;

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        return v;
    }

    @Test
    void adamAndMomentumEqualTheSequentialLoopOnEveryThreadCount() {
        for (int threads : new int[] {1, 2, 3}) {
            try (WorkerPool pool = new WorkerPool(threads)) {
                ElementOps ops = new ElementOps(pool);
                float[] p = random(N, 1);
                float[] g = random(N, 2);
                float[] m = random(N, 3);
                float[] v = random(N, 4);
                for (int i = 0; i < N; i++) {
                    v[i] = Math.abs(v[i]);
                }
                float[] ep = p.clone();
                float[] em = m.clone();
                float[] ev = v.clone();
                for (int i = 0; i < N; i++) {
                    float mi = 0.9f * em[i] + (1 - 0.9f) * g[i];
                    float vi = 0.999f * ev[i] + (1 - 0.999f) * g[i] * g[i];
                    em[i] = mi;
                    ev[i] = vi;
                    ep[i] = ep[i] - 0.01f * ep[i] - 0.001f * mi / ((float) Math.sqrt(vi) + 1e-8f);
                }
                ops.adam(p, g, m, v, 0.001f, 0.9f, 0.999f, 1e-8f, 0.01f, N);
                assertArrayEquals(ep, p, "adam params, " + threads + " threads");
                assertArrayEquals(em, m);
                assertArrayEquals(ev, v);

                float[] q = random(N, 5);
                float[] vel = random(N, 6);
                float[] eq = q.clone();
                float[] evel = vel.clone();
                for (int i = 0; i < N; i++) {
                    float vi = 0.9f * evel[i] - 0.1f * g[i];
                    evel[i] = vi;
                    eq[i] += 0.9f * vi - 0.1f * g[i];
                }
                ops.momentum(q, g, vel, 0.1f, 0.9f, true, N);
                assertArrayEquals(eq, q, "nesterov, " + threads + " threads");
                assertArrayEquals(evel, vel);
            }
        }
    }

    @Test
    void columnSumsSoftmaxDeltaAndSumOfSquaresDoNotDependOnTheThreadCount() {
        int rows = 128;
        int cols = 300;
        float[] m = random(rows * cols, 7);
        float[] expected = new float[cols];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                expected[j] += m[r * cols + j];
            }
        }
        double exact = 0;
        for (float x : m) {
            exact += (double) x * x;
        }
        float[] z = random(rows * cols, 8);
        float[] y = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            y[r * cols + r % cols] = 1f;
        }
        float[] out = z.clone();
        double firstLoss = Double.NaN;
        float[] firstDelta = null;
        double firstSquares = Double.NaN;
        for (int threads : new int[] {1, 2, 3}) {
            try (WorkerPool pool = new WorkerPool(threads)) {
                ElementOps ops = new ElementOps(pool);
                float[] sums = new float[cols];
                ops.columnSums(m, sums, rows, cols);
                assertArrayEquals(expected, sums, "column sums, " + threads + " threads");
                double squares = ops.sumOfSquares(m, m.length);
                assertEquals(exact, squares, 1e-12 * exact);
                float[] delta = new float[rows * cols];
                double loss = ops.softmaxCrossEntropy(z, out, y, delta, rows, cols);
                if (firstDelta == null) {
                    firstLoss = loss;
                    firstDelta = delta;
                    firstSquares = squares;
                    double sequential = 0;
                    for (int r = 0; r < rows; r++) {
                        sequential += LossMath.crossEntropyFromLogits(z, y, r * cols, cols);
                    }
                    assertEquals(sequential, loss, 0.0, "the loss is the row losses added in order");
                } else {
                    assertEquals(firstLoss, loss, 0.0, threads + " threads");
                    assertArrayEquals(firstDelta, delta, threads + " threads");
                    assertEquals(firstSquares, squares, 0.0, threads + " threads");
                }
            }
        }
    }
}
