package nn.compute.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nn.compute.Activation;
import nn.compute.Backend;
import nn.compute.DelegatingBackend;
import nn.compute.ParameterSet;
import nn.compute.RunningTotals;
import nn.compute.StepGuard;
import nn.compute.Tensor;
import nn.compute.Totals;
import nn.compute.UpdateRule;
import org.junit.jupiter.api.Test;

/**
 * The Java backend's own fused step ops give the bits of the Backend defaults (the single ops one
 * after the other, through a {@link DelegatingBackend}), on several thread counts and every
 * kernel, with tensors whose sizes cut the parallel split inside a tensor and across tensor
 * boundaries, and products split over rows, over column strips and computed transposed.
 */
class FusedStepOpsTest {
    /** A big tensor (parallel, several norm chunks, a partial last one), small ones, an empty one. */
    private static final int[][] SHAPES = {{300, 70}, {1, 70}, {70, 3}, {1, 3}, {0, 5}, {41, 125}};

    private static final UpdateRule[] RULES = {
        new UpdateRule.Plain(0.05f),
        new UpdateRule.Momentum(0.05f, 0.9f, false),
        new UpdateRule.Momentum(0.05f, 0.9f, true),
        new UpdateRule.Adam(0.001f, 0.9f, 0.999f, 1e-7f, 0.0004f),
    };

    @Test
    void theGuardedUpdateEqualsTheDefaultCompositionBitForBit() {
        for (int threads : new int[] {1, 3}) {
            for (UpdateRule rule : RULES) {
                // clip 0: none; 1e6: above the norm, nothing clipped; 0.5: clips every gradient
                for (float clip : new float[] {0f, 1e6f, 0.5f}) {
                    try (JavaBackend fused = new JavaBackend(threads); JavaBackend plain = new JavaBackend(1)) {
                        Steps a = new Steps(fused, 11);
                        Steps b = new Steps(new DelegatingBackend(plain), 11);
                        for (int step = 1; step <= 3; step++) {
                            a.update(rule, clip, step);
                            b.update(rule, clip, step);
                        }
                        String what = rule + ", clip " + clip + ", " + threads + " threads";
                        for (int t = 0; t < SHAPES.length; t++) {
                            assertArrayEquals(b.read(b.values, t), a.read(a.values, t), "values, " + what);
                            assertArrayEquals(b.read(b.grads, t), a.read(a.grads, t), "gradients, " + what);
                            assertArrayEquals(b.read(b.first, t), a.read(a.first, t), "first moment, " + what);
                            assertArrayEquals(b.read(b.second, t), a.read(a.second, t), "second moment, " + what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aNonFiniteGradientIsRecordedAndNothingChanges() {
        for (float bad : new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN}) {
            for (float clip : new float[] {0f, 1f}) { // without clipping only finiteness is checked, by another sum
                try (JavaBackend backend = new JavaBackend(2)) {
                    Steps s = new Steps(backend, 5);
                    float[] g = s.read(s.grads, 5);
                    g[g.length - 1] = bad;
                    backend.write(s.grads.get(5), g);
                    float[] before = s.read(s.values, 0);
                    s.totals.addBatch(1.5, 0, 8);
                    backend.update(s.set, RULES[0], new StepGuard(clip, s.totals, 1, 4));
                    assertArrayEquals(before, s.read(s.values, 0), "no parameter moved, " + bad + ", clip " + clip);
                    Totals.NonFiniteStep step = s.totals.read().nonFinite();
                    assertNotNull(step, bad + ", clip " + clip);
                    assertEquals(4, step.batch());
                }
            }
        }
    }

    @Test
    void theFinitenessSumIsFiniteExactlyWhenTheSquaresAre() {
        float[] t = {Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -0f, 3f, 1e-30f, 7, 8, 9, 10, 11};
        assertEquals(0.0, ElementOps.chunkFinite(t, 0, t.length), "huge and tiny finite values");
        assertTrue(Double.isFinite(ElementOps.chunkSquares(t, 0, t.length)));
        for (float bad : new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN}) {
            for (int at : new int[] {0, 7, 10}) { // a chain, another chain, the tail
                float[] u = t.clone();
                u[at] = bad;
                assertTrue(Double.isNaN(ElementOps.chunkFinite(u, 0, u.length)), bad + " at " + at);
                assertFalse(Double.isFinite(ElementOps.chunkSquares(u, 0, u.length)));
            }
        }
    }

    /** {rows, cols, depth} of c: split over column strips, over rows, narrow (computed as cᵀ), small (scalar). */
    private static final int[][] PRODUCTS = {{40, 200, 300}, {200, 100, 60}, {300, 10, 100}, {8, 8, 8}};

    @Test
    void denseForwardDeltaBackwardAndWeightGradientsEqualTheirTwoOpsOnEveryKernel() {
        List<Integer> widths = new ArrayList<>(JavaBackend.vectorWidths());
        widths.add(0); // the scalar kernel
        Activation[] acts = {Activation.RELU, Activation.SIGMOID, Activation.SOFTMAX};
        for (int bits : widths) {
            try (JavaBackend fused = kernel(3, bits); JavaBackend single = kernel(1, bits)) {
                Backend plain = new DelegatingBackend(single);
                for (int[] p : PRODUCTS) {
                    for (Activation act : acts) {
                        for (boolean withBias : new boolean[] {true, false}) {
                            String what = "vector bits " + bits + ", " + p[0] + "x" + p[1] + "x" + p[2] + ", " + act
                                    + (withBias ? "" : ", no bias");
                            assertArrayEquals(layer(plain, p, act, withBias), layer(fused, p, act, withBias), what);
                        }
                    }
                }
            }
        }
    }

    private static JavaBackend kernel(int threads, int bits) {
        return bits == 0 ? new JavaBackend(threads, false) : JavaBackend.withVectorBits(threads, bits);
    }

    /**
     * z and out of denseForward, deltaIn of deltaBackward through them, then weightGradients of x
     * and deltaIn (the gradient k × n: split over rows, columns, computed transposed), concatenated.
     */
    private static float[] layer(Backend b, int[] p, Activation act, boolean withBias) {
        SplittableRandom r = new SplittableRandom(p[0] * 31L + p[1]);
        int m = p[0];
        int n = p[1];
        int k = p[2];
        Tensor x = tensor(b, r, m, k);
        Tensor w = tensor(b, r, k, n);
        Tensor bias = withBias ? tensor(b, r, 1, n) : null;
        Tensor z = b.allocate(m, n);
        Tensor out = b.allocate(m, n);
        b.denseForward(x, w, bias, act, z, out);
        Tensor delta = tensor(b, r, m, k);
        Tensor back = tensor(b, r, n, k);
        Tensor deltaIn = b.allocate(m, n);
        b.deltaBackward(delta, back, deltaIn, z, out, act);
        Tensor weightGrad = b.allocate(k, n);
        Tensor biasGrad = withBias ? b.allocate(1, n) : null;
        b.weightGradients(x, deltaIn, weightGrad, biasGrad);
        List<Tensor> results = new ArrayList<>(List.of(z, out, deltaIn, weightGrad));
        if (biasGrad != null) {
            results.add(biasGrad);
        }
        List<Float> all = new ArrayList<>();
        for (Tensor t : results) {
            float[] part = new float[t.size()];
            b.read(t, part);
            for (float v : part) {
                all.add(v);
            }
        }
        float[] flat = new float[all.size()];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = all.get(i);
        }
        return flat;
    }

    private static Tensor tensor(Backend b, SplittableRandom r, int rows, int cols) {
        Tensor t = b.allocate(rows, cols);
        b.write(t, random(r, rows * cols));
        return t;
    }

    @Test
    void gatherBatchEqualsTwoRowGathers() {
        try (JavaBackend fused = new JavaBackend(3); JavaBackend plain = new JavaBackend(1)) {
            SplittableRandom r = new SplittableRandom(3);
            int rows = 500;
            float[] x = random(r, rows * 97);
            float[] y = random(r, rows * 10);
            int[] order = new int[rows];
            for (int i = 0; i < rows; i++) {
                order[i] = (i * 37) % rows;
            }
            float[][] got = gather(fused, x, y, order);
            float[][] want = gather(new DelegatingBackend(plain), x, y, order);
            assertArrayEquals(want[0], got[0], "inputs");
            assertArrayEquals(want[1], got[1], "targets");
        }
    }

    private static float[][] gather(Backend b, float[] x, float[] y, int[] order) {
        int rows = order.length;
        Tensor allX = b.allocate(rows, 97);
        Tensor allY = b.allocate(rows, 10);
        b.write(allX, x);
        b.write(allY, y);
        Tensor bx = b.allocate(400, 97);
        Tensor by = b.allocate(400, 10);
        b.gatherBatch(allX, allY, order, 57, bx, by);
        float[] gx = new float[bx.size()];
        float[] gy = new float[by.size()];
        b.read(bx, gx);
        b.read(by, gy);
        return new float[][] {gx, gy};
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        return v;
    }

    /** Parameters, gradients and both moments of SHAPES on one backend, from one seed. */
    private static final class Steps {
        final Backend backend;
        final List<Tensor> values = new ArrayList<>();
        final List<Tensor> grads = new ArrayList<>();
        final List<Tensor> first = new ArrayList<>();
        final List<Tensor> second = new ArrayList<>();
        final ParameterSet set;
        final RunningTotals totals;

        Steps(Backend backend, long seed) {
            this.backend = backend;
            SplittableRandom r = new SplittableRandom(seed);
            for (int[] shape : SHAPES) {
                values.add(filled(r, shape, false));
                grads.add(filled(r, shape, false));
                first.add(filled(r, shape, false));
                second.add(filled(r, shape, true));
            }
            set = new ParameterSet(values, grads, first, second);
            totals = backend.allocateTotals();
        }

        private Tensor filled(SplittableRandom r, int[] shape, boolean positive) {
            Tensor t = backend.allocate(shape[0], shape[1]);
            float[] v = random(r, t.size());
            for (int i = 0; positive && i < v.length; i++) {
                v[i] = Math.abs(v[i]);
            }
            backend.write(t, v);
            return t;
        }

        void update(UpdateRule rule, float clip, int step) {
            totals.addBatch(1.5, 0, 8);
            backend.update(set, rule, new StepGuard(clip, totals, 1, step));
            assertNull(clip == 0f ? null : totals.read().nonFinite());
        }

        float[] read(List<Tensor> tensors, int t) {
            float[] v = new float[tensors.get(t).size()];
            backend.read(tensors.get(t), v);
            return v;
        }
    }
}
