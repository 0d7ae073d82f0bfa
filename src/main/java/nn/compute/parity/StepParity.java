package nn.compute.parity;

import java.util.ArrayList;
import java.util.List;
import nn.compute.Activation;
import nn.compute.Backend;
import nn.compute.Loss;
import nn.compute.ParameterSet;
import nn.compute.RunningTotals;
import nn.compute.StepGuard;
import nn.compute.Tensor;
import nn.compute.Totals;
import nn.compute.UpdateRule;
import nn.compute.parity.ParityBench.Twin;

/**
 * Parity cases of the fused step ops (gatherBatch, denseForward, lossStep with the totals,
 * weightGradients, deltaBackward, the guarded update): each against the reference backend, whose
 * defaults compose the single ops, so a fused kernel is held to the unfused arithmetic.
 */
final class StepParity {
    /** m × k × n: odd sizes, a 64-block straddle, a W2-like output layer, a softmax wider than a row kernel. */
    private static final int[][] SHAPES = {{1, 1, 1}, {3, 17, 5}, {129, 33, 10}, {130, 70, 67}, {17, 9, 40}};

    private StepParity() {
    }

    static void cases(List<ParityCase> cases) {
        cases.add(new ParityCase("gatherBatch 37 rows of 11 and 3 columns", StepParity::gatherBatch));
        for (int[] s : SHAPES) {
            String shape = s[0] + "x" + s[1] + "x" + s[2];
            for (Activation act : Activation.values()) {
                cases.add(new ParityCase("denseForward " + act + " " + shape,
                        bench -> denseForward(bench, act, s[0], s[1], s[2])));
                cases.add(new ParityCase("deltaBackward " + act + " " + shape,
                        bench -> deltaBackward(bench, act, s[0], s[1], s[2])));
            }
            cases.add(new ParityCase("weightGradients " + shape, bench -> weightGradients(bench, s[0], s[1], s[2])));
        }
        for (Loss loss : Loss.values()) {
            for (Activation act : new Activation[] {Activation.SIGMOID, Activation.SOFTMAX, Activation.LINEAR}) {
                for (int[] s : new int[][] {{1, 1}, {129, 3}, {17, 10}}) {
                    cases.add(new ParityCase("lossStep " + loss + " after " + act + " " + s[0] + "x" + s[1],
                            bench -> lossStep(bench, loss, act, s[0], s[1])));
                }
            }
        }
        for (String rule : new String[] {"sgd", "momentum", "nesterov", "adam"}) {
            for (float clip : new float[] {0f, 0.3f}) {
                cases.add(new ParityCase("update " + rule + (clip > 0 ? " clipped" : ""),
                        bench -> update(bench, rule, clip)));
            }
        }
        cases.add(new ParityCase("update skips a step with a non-finite gradient", StepParity::skipsNonFinite));
    }

    private static void gatherBatch(ParityBench bench) {
        Twin x = bench.twin(37, 11, -1, 1);
        Twin y = bench.twin(37, 3, -1, 1);
        int[] order = new int[37];
        for (int i = 0; i < order.length; i++) {
            order[i] = bench.nextInt(37);
        }
        Twin dx = bench.twin(9, 11, 5, 5);
        Twin dy = bench.twin(9, 3, 5, 5);
        bench.backend().gatherBatch(x.actual(), y.actual(), order, 20, dx.actual(), dy.actual());
        bench.reference().gatherBatch(x.expected(), y.expected(), order, 20, dx.expected(), dy.expected());
        bench.exact("gatherBatch", ParityBench.read(bench.reference(), dx.expected()), bench.read(dx.actual()), "x");
        bench.exact("gatherBatch", ParityBench.read(bench.reference(), dy.expected()), bench.read(dy.actual()), "y");
    }

    private static void denseForward(ParityBench bench, Activation act, int m, int k, int n) {
        Twin x = bench.twin(m, k, -1, 1);
        Twin w = bench.twin(k, n, -1, 1);
        Twin bias = bench.twin(1, n, -1, 1);
        Twin z = bench.twin(m, n, 5, 6);
        Twin out = bench.twin(m, n, 5, 6);
        bench.backend().denseForward(x.actual(), w.actual(), bias.actual(), act, z.actual(), out.actual());
        bench.reference().denseForward(x.expected(), w.expected(), bias.expected(), act, z.expected(), out.expected());
        float[] scale = magnitude(bench, x, w, m, n);
        bench.close("denseForward", z, scale, "z");
        bench.close("denseForward", out, scale, "out");
    }

    private static void deltaBackward(ParityBench bench, Activation act, int m, int k, int n) {
        Twin delta = bench.twin(m, n, -1, 1);
        Twin w = bench.twin(k, n, -1, 1);
        Twin zBelow = bench.twin(m, k, -3, 3);
        Twin outBelow = bench.twin(m, k, 0, 0);
        bench.backend().biasActivation(zBelow.actual(), null, act, outBelow.actual());
        bench.reference().biasActivation(zBelow.expected(), null, act, outBelow.expected());
        Twin deltaIn = bench.twin(m, k, 5, 6);
        bench.backend().deltaBackward(delta.actual(), w.actual(), deltaIn.actual(), zBelow.actual(),
                outBelow.actual(), act);
        bench.reference().deltaBackward(delta.expected(), w.expected(), deltaIn.expected(), zBelow.expected(),
                outBelow.expected(), act);
        float[] scale = new float[m * k];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    scale[i * k + p] += Math.abs(delta.values()[i * n + j] * w.values()[p * n + j]);
                }
            }
        }
        bench.close("deltaBackward", deltaIn, scale, "delta in");
    }

    private static void weightGradients(ParityBench bench, int m, int k, int n) {
        Twin x = bench.twin(m, k, -1, 1);
        Twin delta = bench.twin(m, n, -1, 1);
        Twin wg = bench.twin(k, n, 5, 6);
        Twin bg = bench.twin(1, n, 5, 6);
        bench.backend().weightGradients(x.actual(), delta.actual(), wg.actual(), bg.actual());
        bench.reference().weightGradients(x.expected(), delta.expected(), wg.expected(), bg.expected());
        float[] scale = new float[k * n];
        float[] biasScale = new float[n];
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                biasScale[j] += Math.abs(delta.values()[r * n + j]);
                for (int p = 0; p < k; p++) {
                    scale[p * n + j] += Math.abs(x.values()[r * k + p] * delta.values()[r * n + j]);
                }
            }
        }
        bench.close("weightGradients", wg, scale, "weight gradient");
        bench.close("weightGradients", bg, biasScale, "bias gradient");
    }

    private static void lossStep(ParityBench bench, Loss loss, Activation act, int rows, int cols) {
        Backend backend = bench.backend();
        Backend reference = bench.reference();
        RunningTotals actual = backend.allocateTotals();
        RunningTotals expected = reference.allocateTotals();
        actual.reset(0.25, 1);
        expected.reset(0.25, 1);
        boolean classification = loss != Loss.MEAN_SQUARED_ERROR;
        for (int batch = 0; batch < 2; batch++) {
            Twin z = bench.twin(rows, cols, -4, 4);
            Twin out = bench.twin(rows, cols, 0, 0);
            backend.biasActivation(z.actual(), null, act, out.actual());
            reference.biasActivation(z.expected(), null, act, out.expected());
            Twin y = bench.targets(loss, rows, cols);
            Twin weights = bench.twin(rows, 1, 0.2f, 5f);
            Twin delta = bench.twin(rows, cols, 3, 3);
            Tensor w = batch == 0 ? null : weights.actual();
            backend.lossStep(loss, act, z.actual(), out.actual(), y.actual(), delta.actual(), w, classification, actual);
            reference.lossStep(loss, act, z.expected(), out.expected(), y.expected(), delta.expected(),
                    batch == 0 ? null : weights.expected(), classification, expected);
            bench.close("lossStep", delta, null, ParityTolerance.REL_SATURATED_TANH, "delta of batch " + batch);
        }
        Totals e = expected.read();
        Totals a = actual.read();
        bench.sum("lossStep", e.lossSum(), a.lossSum(), "summed loss");
        bench.sum("lossStep", e.lastLoss(), a.lastLoss(), "last batch's loss");
        bench.sum("lossStep", e.quality(), a.quality(), classification ? "correct rows" : "squared error");
        bench.exact("lossStep", (int) e.rows(), (int) a.rows(), "rows");
        bench.exact("lossStep", 0, a.nonFinite() == null ? 0 : 1, "no divergence recorded");
    }

    private static void update(ParityBench bench, String rule, float clip) {
        int[][] shapes = {{7, 5}, {1, 5}, {33, 1}};
        List<Twin> values = new ArrayList<>();
        List<Twin> grads = new ArrayList<>();
        List<Twin> first = new ArrayList<>();
        List<Twin> second = new ArrayList<>();
        for (int[] s : shapes) {
            values.add(bench.twin(s[0], s[1], -1, 1));
            grads.add(bench.twin(s[0], s[1], -1, 1));
            first.add(bench.twin(s[0], s[1], -0.1f, 0.1f));
            second.add(bench.twin(s[0], s[1], 0, 0.1f));
        }
        boolean stateless = rule.equals("sgd");
        boolean adam = rule.equals("adam");
        UpdateRule r = switch (rule) {
            case "sgd" -> new UpdateRule.Plain(0.05f);
            case "momentum" -> new UpdateRule.Momentum(0.05f, 0.9f, false);
            case "nesterov" -> new UpdateRule.Momentum(0.05f, 0.9f, true);
            default -> new UpdateRule.Adam(0.01f, 0.9f, 0.999f, 1e-7f, 0.001f);
        };
        RunningTotals actual = bench.backend().allocateTotals();
        RunningTotals expected = bench.reference().allocateTotals();
        actual.reset(0, 0);
        expected.reset(0, 0);
        bench.backend().update(set(values, grads, first, second, stateless, adam, true), r,
                new StepGuard(clip, actual, 2, 3));
        bench.reference().update(set(values, grads, first, second, stateless, adam, false), r,
                new StepGuard(clip, expected, 2, 3));
        for (int i = 0; i < shapes.length; i++) {
            bench.close("update", values.get(i), null, "parameter " + i);
            bench.close("update", grads.get(i), null, "gradient " + i + " (clipped in place)");
            if (!stateless) {
                bench.close("update", first.get(i), null, "first state of " + i);
            }
        }
        bench.exact("update", 0, actual.read().nonFinite() == null ? 0 : 1, "no divergence recorded");
    }

    private static ParameterSet set(List<Twin> values, List<Twin> grads, List<Twin> first, List<Twin> second,
                                    boolean stateless, boolean adam, boolean actual) {
        return new ParameterSet(side(values, actual), side(grads, actual), stateless ? List.of() : side(first, actual),
                adam ? side(second, actual) : List.of());
    }

    private static List<Tensor> side(List<Twin> twins, boolean actual) {
        List<Tensor> result = new ArrayList<>();
        for (Twin t : twins) {
            result.add(actual ? t.actual() : t.expected());
        }
        return result;
    }

    /** A NaN in x makes the weight gradient NaN: the update changes nothing and records (4, 9). */
    private static void skipsNonFinite(ParityBench bench) {
        for (Backend b : new Backend[] {bench.backend(), bench.reference()}) {
            RunningTotals totals = b.allocateTotals();
            totals.reset(0, 0);
            float[] xv = bench.values(6 * 4, -1, 1);
            xv[5] = Float.NaN;
            Tensor x = bench.upload(b, 6, 4, xv);
            Tensor z = bench.upload(b, 6, 3, bench.values(18, -1, 1));
            Tensor out = b.allocate(6, 3);
            b.biasActivation(z, null, Activation.SOFTMAX, out);
            Tensor y = bench.upload(b, 6, 3, new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1});
            Tensor delta = b.allocate(6, 3);
            b.lossStep(Loss.CATEGORICAL_CROSSENTROPY, Activation.SOFTMAX, z, out, y, delta, null, true, totals);
            float[] before = bench.values(12, -1, 1);
            Tensor w = bench.upload(b, 4, 3, before);
            Tensor wg = b.allocate(4, 3);
            Tensor bias = b.allocate(1, 3);
            Tensor bg = b.allocate(1, 3);
            b.weightGradients(x, delta, wg, bg);
            b.update(new ParameterSet(List.of(w, bias), List.of(wg, bg), List.of(), List.of()),
                    new UpdateRule.Plain(0.1f), new StepGuard(0f, totals, 4, 9));
            bench.exact("update", before, ParityBench.read(b, w), "weights after a skipped step on " + b.name());
            Totals.NonFiniteStep bad = totals.read().nonFinite();
            bench.exact("update", 4, bad == null ? 0 : bad.epoch(), "recorded epoch on " + b.name());
            bench.exact("update", 9, bad == null ? 0 : bad.batch(), "recorded batch on " + b.name());
        }
    }

    /** Σ_p |x[i][p]·w[p][j]|: the error scale of a product. */
    private static float[] magnitude(ParityBench bench, Twin x, Twin w, int m, int n) {
        int k = x.values().length / Math.max(1, m);
        float[] scale = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 1f; // the bias and the activation's own rounding
                for (int p = 0; p < k; p++) {
                    s += Math.abs(x.values()[i * k + p] * w.values()[p * n + j]);
                }
                scale[i * n + j] = s;
            }
        }
        return scale;
    }
}
