package nn.compute.parity;

import java.util.List;
import nn.compute.Activation;
import nn.compute.Loss;
import nn.compute.Tensor;
import nn.compute.parity.ParityBench.Twin;

/**
 * Parity cases of a dense layer's ops: GEMM in all four transpose forms, bias + activation,
 * activation backward and the loss with its output delta, on sizes that are not multiples of any
 * work-group or vector width.
 */
final class DenseParity {
    /** Rows × columns of the element-wise cases. */
    static final int[][] SHAPES = {{1, 1}, {3, 17}, {17, 3}, {129, 1}, {1, 129}, {17, 1031}, {1031, 3}};
    /** m × k × n of the GEMM cases; 64 and 65 straddle a 64-wide register-blocked tile. */
    static final int[][] GEMM_SHAPES = {{1, 1, 1}, {3, 17, 1}, {17, 3, 129}, {129, 17, 3}, {1031, 3, 17},
        {3, 1031, 17}, {17, 129, 1031}, {64, 33, 65}, {130, 70, 67}};

    private DenseParity() {
    }

    static void gemmCases(List<ParityCase> cases) {
        for (int[] s : GEMM_SHAPES) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    String form = (ta ? "T" : "N") + (tb ? "T" : "N");
                    cases.add(new ParityCase("gemm " + s[0] + "x" + s[1] + "x" + s[2] + " " + form,
                            bench -> gemm(bench, s[0], s[1], s[2], ta, tb)));
                }
            }
        }
    }

    static void gemm(ParityBench bench, int m, int k, int n, boolean transposeA, boolean transposeB) {
        Twin a = transposeA ? bench.twin(k, m, -1, 1) : bench.twin(m, k, -1, 1);
        Twin b = transposeB ? bench.twin(n, k, -1, 1) : bench.twin(k, n, -1, 1);
        Twin c = bench.twin(m, n, 5, 6); // stale values that the product must overwrite
        bench.backend().gemm(a.actual(), transposeA, b.actual(), transposeB, c.actual());
        var reference = bench.reference();
        reference.gemm(a.expected(), transposeA, b.expected(), transposeB, c.expected());
        // The error bound scales with Σ|a||b|: the same product on magnitudes.
        Tensor absA = reference.allocate(a.expected().rows(), a.expected().cols());
        Tensor absB = reference.allocate(b.expected().rows(), b.expected().cols());
        reference.write(absA, ParityBench.abs(a.values()));
        reference.write(absB, ParityBench.abs(b.values()));
        Tensor magnitude = reference.allocate(m, n);
        reference.gemm(absA, transposeA, absB, transposeB, magnitude);
        bench.close("gemm", c, ParityBench.read(reference, magnitude), "c");
    }

    static void activationCases(List<ParityCase> cases) {
        for (Activation act : Activation.values()) {
            for (int[] s : SHAPES) {
                String shape = s[0] + "x" + s[1];
                cases.add(new ParityCase("biasActivation " + act + " " + shape,
                        bench -> biasActivation(bench, act, s[0], s[1])));
                cases.add(new ParityCase("activationBackward " + act + " " + shape,
                        bench -> activationBackward(bench, act, s[0], s[1])));
            }
            cases.add(new ParityCase("biasActivation " + act + " on a 3-row view of 17", bench -> onAView(bench, act)));
        }
    }

    private static void biasActivation(ParityBench bench, Activation act, int rows, int cols) {
        for (boolean withBias : new boolean[] {true, false}) {
            Twin z = bench.twin(rows, cols, -4, 4);
            Twin bias = bench.twin(1, cols, -1, 1);
            Twin out = bench.twin(rows, cols, 9, 9);
            bench.backend().biasActivation(z.actual(), withBias ? bias.actual() : null, act, out.actual());
            bench.reference().biasActivation(z.expected(), withBias ? bias.expected() : null, act, out.expected());
            bench.close("biasActivation", z, null, "z after bias=" + withBias);
            bench.close("biasActivation", out, null, "out, bias=" + withBias);
        }
    }

    private static void activationBackward(ParityBench bench, Activation act, int rows, int cols) {
        Twin z = bench.twin(rows, cols, -4, 4);
        Twin out = bench.twin(rows, cols, 0, 0);
        bench.backend().biasActivation(z.actual(), null, act, out.actual());
        bench.reference().biasActivation(z.expected(), null, act, out.expected());
        Twin delta = bench.twin(rows, cols, -1, 1);
        bench.backend().activationBackward(delta.actual(), z.actual(), out.actual(), act);
        bench.reference().activationBackward(delta.expected(), z.expected(), out.expected(), act);
        bench.close("activationBackward", delta, null, "delta");
    }

    private static void onAView(ParityBench bench, Activation act) {
        Twin z = bench.twin(17, 5, -3, 3);
        Twin out = bench.twin(17, 5, 2, 2);
        Twin zView = z.withRows(3);
        Twin outView = out.withRows(3);
        bench.backend().biasActivation(zView.actual(), null, act, outView.actual());
        bench.reference().biasActivation(zView.expected(), null, act, outView.expected());
        bench.close("biasActivation", out, null, "out of a 3-row view of 17");
    }

    static void lossCases(List<ParityCase> cases) {
        for (Loss loss : Loss.values()) {
            for (Activation act : Activation.values()) {
                for (int[] s : new int[][] {{1, 1}, {3, 17}, {129, 3}, {1031, 1}, {17, 1031}}) {
                    cases.add(new ParityCase("outputDelta " + loss + " after " + act + " " + s[0] + "x" + s[1],
                            bench -> outputDelta(bench, loss, act, s[0], s[1])));
                }
            }
        }
    }

    /**
     * The loss and ∂J/∂Z for a loss × output activation, unweighted and with class weights in
     * [0.2, 5] (as balanced weights of an imbalanced set come out); the weighted delta is also the
     * backend's own unweighted one times the row's weight (δ is linear in it).
     */
    private static void outputDelta(ParityBench bench, Loss loss, Activation act, int rows, int cols) {
        var backend = bench.backend();
        var reference = bench.reference();
        Twin z = bench.twin(rows, cols, -4, 4);
        Twin out = bench.twin(rows, cols, 0, 0);
        backend.biasActivation(z.actual(), null, act, out.actual());
        reference.biasActivation(z.expected(), null, act, out.expected());
        Twin y = bench.targets(loss, rows, cols);
        boolean saturating = act == Activation.TANH && loss != Loss.MEAN_SQUARED_ERROR;
        double rel = saturating ? ParityTolerance.REL_SATURATED_TANH : ParityTolerance.REL;

        Twin plain = bench.twin(rows, cols, 3, 3);
        bench.sum("outputDelta",
                reference.outputDelta(loss, act, z.expected(), out.expected(), y.expected(), plain.expected()),
                backend.outputDelta(loss, act, z.actual(), out.actual(), y.actual(), plain.actual()), "summed loss");
        bench.close("outputDelta", plain, null, rel, "delta");

        Twin weights = bench.twin(rows, 1, 0.2f, 5f);
        Twin weighted = bench.twin(rows, cols, 3, 3);
        bench.sum("outputDelta",
                reference.outputDelta(loss, act, z.expected(), out.expected(), y.expected(), weighted.expected(),
                        weights.expected()),
                backend.outputDelta(loss, act, z.actual(), out.actual(), y.actual(), weighted.actual(),
                        weights.actual()), "summed weighted loss");
        bench.close("outputDelta", weighted, null, rel, "weighted delta");
        float[] unweighted = bench.read(plain.actual());
        float[] scaled = bench.read(weighted.actual());
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                float expected = unweighted[r * cols + j] * weights.values()[r];
                bench.sum("outputDelta", expected, scaled[r * cols + j], "row " + r + " times its weight");
            }
        }
    }
}
