package nn.compute.parity;

import java.util.Arrays;
import java.util.List;
import nn.compute.Backend;
import nn.compute.Tensor;
import nn.compute.parity.ParityBench.Twin;

/**
 * Parity cases of the reductions, optimizer steps, regularisation ops, gathers and host copies,
 * plus known answers small enough to check by hand.
 */
final class ElementwiseParity {
    private ElementwiseParity() {
    }

    static void cases(List<ParityCase> cases) {
        for (int[] s : DenseParity.SHAPES) {
            String shape = s[0] + "x" + s[1];
            cases.add(new ParityCase("columnSums, countCorrect, sumSquaredError, sgdStep " + shape,
                    bench -> sumsCountsErrorsAndSgd(bench, s[0], s[1])));
            cases.add(new ParityCase("optimizer and regularisation ops " + shape,
                    bench -> optimizerAndRegularisation(bench, s[0], s[1])));
            cases.add(new ParityCase("gatherRows " + shape + " and through a view", bench -> gather(bench, s[0], s[1])));
        }
        cases.add(new ParityCase("countCorrect on known values", ElementwiseParity::countCorrectKnown));
        cases.add(new ParityCase("element-wise ops on known values", ElementwiseParity::elementwiseKnown));
        cases.add(new ParityCase("write and read through views", ElementwiseParity::roundTrip));
    }

    private static void sumsCountsErrorsAndSgd(ParityBench bench, int rows, int cols) {
        Backend backend = bench.backend();
        Backend reference = bench.reference();
        Twin m = bench.twin(rows, cols, -1, 1);
        Twin sums = bench.twin(1, cols, 7, 7);
        backend.columnSums(m.actual(), sums.actual());
        reference.columnSums(m.expected(), sums.expected());
        float[] magnitude = new float[cols];
        for (int i = 0; i < m.values().length; i++) {
            magnitude[i % cols] += Math.abs(m.values()[i]);
        }
        bench.close("columnSums", sums, magnitude, "column sums");

        Twin out = bench.twin(rows, cols, 0, 1);
        Twin y = cols == 1 ? bench.binary(rows, cols) : bench.oneHot(rows, cols);
        bench.exact("countCorrect", reference.countCorrect(out.expected(), y.expected()),
                backend.countCorrect(out.actual(), y.actual()), "correct rows");
        bench.sum("sumSquaredError", reference.sumSquaredError(out.expected(), y.expected()),
                backend.sumSquaredError(out.actual(), y.actual()), "squared error");

        Twin grad = bench.twin(rows, cols, -1, 1);
        backend.sgdStep(m.actual(), grad.actual(), 0.05f);
        reference.sgdStep(m.expected(), grad.expected(), 0.05f);
        bench.close("sgdStep", m, null, "sgd step");
    }

    private static void optimizerAndRegularisation(ParityBench bench, int rows, int cols) {
        Backend backend = bench.backend();
        Backend reference = bench.reference();
        Twin grad = bench.twin(rows, cols, -1, 1);
        for (boolean nesterov : new boolean[] {false, true}) {
            Twin p = bench.twin(rows, cols, -1, 1);
            Twin velocity = bench.twin(rows, cols, -0.1f, 0.1f);
            for (int step = 0; step < 3; step++) {
                backend.momentumStep(p.actual(), grad.actual(), velocity.actual(), 0.05f, 0.9f, nesterov);
                reference.momentumStep(p.expected(), grad.expected(), velocity.expected(), 0.05f, 0.9f, nesterov);
            }
            bench.close("momentumStep", p, null, "parameters, nesterov=" + nesterov);
            bench.close("momentumStep", velocity, null, "velocity, nesterov=" + nesterov);
        }
        Twin p = bench.twin(rows, cols, -1, 1);
        Twin m = bench.twin(rows, cols, 0, 0);
        Twin v = bench.twin(rows, cols, 0, 0);
        for (int step = 1; step <= 3; step++) {
            float stepSize = (float) (0.01 * Math.sqrt(1 - Math.pow(0.999, step)) / (1 - Math.pow(0.9, step)));
            backend.adamStep(p.actual(), grad.actual(), m.actual(), v.actual(), stepSize, 0.9f, 0.999f, 1e-7f, 0.001f);
            reference.adamStep(p.expected(), grad.expected(), m.expected(), v.expected(), stepSize, 0.9f, 0.999f,
                    1e-7f, 0.001f);
        }
        bench.close("adamStep", p, null, "adamw parameters");
        bench.close("adamStep", m, null, "first moment");
        bench.close("adamStep", v, null, "second moment");

        Twin dst = bench.twin(rows, cols, -1, 1);
        backend.addScaled(dst.actual(), grad.actual(), 0.3f);
        reference.addScaled(dst.expected(), grad.expected(), 0.3f);
        bench.close("addScaled", dst, null, "addScaled");
        backend.scale(dst.actual(), -1.7f);
        reference.scale(dst.expected(), -1.7f);
        bench.close("scale", dst, null, "scale");
        Twin mask = bench.twin(rows, cols, 0, 2);
        backend.multiply(dst.actual(), mask.actual(), dst.actual());
        reference.multiply(dst.expected(), mask.expected(), dst.expected());
        bench.close("multiply", dst, null, "multiply in place");
        bench.sum("sumOfSquares", reference.sumOfSquares(grad.expected()), backend.sumOfSquares(grad.actual()),
                "sum of squares");
    }

    private static void gather(ParityBench bench, int rows, int cols) {
        Twin all = bench.twin(rows + 5, cols, -1, 1);
        int[] order = new int[rows + 5];
        for (int i = 0; i < order.length; i++) {
            order[i] = order.length - 1 - i;
        }
        Twin batch = bench.twin(rows, cols, 0, 0);
        Twin view = batch.withRows(Math.max(1, rows / 2));
        for (Twin dst : new Twin[] {batch, view}) {
            bench.backend().gatherRows(all.actual(), order, 3, dst.actual());
            bench.reference().gatherRows(all.expected(), order, 3, dst.expected());
            bench.exact("gatherRows", ParityBench.read(bench.reference(), dst.expected()), bench.read(dst.actual()),
                    "gather of " + dst.actual().rows() + " rows");
        }
    }

    private static void countCorrectKnown(ParityBench bench) {
        Backend backend = bench.backend();
        Tensor out = bench.upload(3, 1, new float[] {0.7f, 0.2f, 0.5f});
        Tensor y = bench.upload(3, 1, new float[] {1, 1, 1});
        bench.exact("countCorrect", 2, backend.countCorrect(out, y), "0.5 threshold");
        Tensor out3 = bench.upload(2, 3, new float[] {0.1f, 0.8f, 0.1f, 0.5f, 0.2f, 0.3f});
        Tensor y3 = bench.upload(2, 3, new float[] {0, 1, 0, 0, 0, 1});
        bench.exact("countCorrect", 1, backend.countCorrect(out3, y3), "argmax");
        bench.exact("countCorrect", 1, backend.countCorrect(out3.withRows(1), y3.withRows(1)),
                "a view sees only its rows");
    }

    private static void elementwiseKnown(ParityBench bench) {
        Backend backend = bench.backend();
        Tensor a = bench.upload(2, 2, new float[] {1, -2, 3, 0.5f});
        Tensor b = bench.upload(2, 2, new float[] {2, 4, 0, -1});
        bench.close("sumOfSquares", 1 + 4 + 9 + 0.25, backend.sumOfSquares(a), 0, "known sum of squares");
        backend.addScaled(a, b, 0.5f);
        bench.exact("addScaled", new float[] {2, 0, 3, 0}, bench.read(a), "known addScaled");
        backend.scale(b, -2f);
        bench.exact("scale", new float[] {-4, -8, -0f, 2}, bench.read(b), "known scale");
        // Only the first row of a one-row view is touched.
        backend.multiply(a.withRows(1), b.withRows(1), a.withRows(1));
        bench.exact("multiply", new float[] {-8, -0f, 3, 0}, bench.read(a), "known multiply on a view");
    }

    private static void roundTrip(ParityBench bench) {
        float[] v = bench.values(7 * 3, -5, 5);
        Tensor t = bench.upload(7, 3, v);
        bench.exact("write/read", v, bench.read(t), "round trip");
        float[] head = new float[6];
        bench.backend().read(t.withRows(2), head);
        bench.exact("write/read", Arrays.copyOf(v, 6), head, "read of a 2-row view");
        bench.exact("allocate", new float[4 * 5], bench.read(bench.backend().allocate(4, 5)), "allocate gives zeros");
    }
}
