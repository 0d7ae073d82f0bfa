package nn.compute.parity;

import java.util.List;
import nn.compute.Backend;
import nn.compute.Tensor;
import nn.compute.parity.ParityBench.Twin;

/**
 * Parity cases of the embedding layer's ops: the numeric pass-through ({@code copyColumns}), the
 * lookup and the scatter-add backward, on odd sizes, through row views, with ids outside the table
 * (which read and feed row 0), plus a known answer.
 */
final class EmbeddingParity {
    /** Batch rows, vocabulary, dimension, numeric columns. */
    private static final int[][] SHAPES = {{1, 2, 1, 0}, {7, 5, 3, 2}, {65, 33, 9, 4}, {130, 600, 17, 1}};

    private EmbeddingParity() {
    }

    static void cases(List<ParityCase> cases) {
        for (int[] s : SHAPES) {
            String shape = s[0] + " rows, " + s[1] + "x" + s[2] + " table, " + s[3] + " numeric";
            cases.add(new ParityCase("embedding ops " + shape, bench -> embedding(bench, s[0], s[1], s[2], s[3])));
        }
        cases.add(new ParityCase("embedding ops on known values", EmbeddingParity::known));
    }

    /** x = [numeric..., noise, id]; out = [numeric..., looked-up vector, padding]. */
    private static void embedding(ParityBench bench, int rows, int vocab, int dim, int numeric) {
        Backend backend = bench.backend();
        Backend reference = bench.reference();
        int xCols = numeric + 2;
        float[] xv = bench.values(rows * xCols, -3, 3);
        for (int r = 0; r < rows; r++) {
            // Mostly valid ids, repeated (so the backward sums several rows), some out of range.
            int pick = bench.nextInt(10);
            xv[r * xCols + numeric + 1] = pick == 0 ? -1 : pick == 1 ? vocab + pick : bench.nextInt(Math.min(vocab, 5));
        }
        Twin x = bench.twin(rows, xCols, xv);
        Twin table = bench.twin(vocab, dim, -1, 1);
        int outCols = numeric + dim + 1;
        Twin out = bench.twin(rows, outCols, 9, 9);
        for (Twin view : new Twin[] {out, out.withRows(Math.max(1, rows / 2))}) {
            backend.copyColumns(x.actual(), 0, numeric, view.actual(), 0);
            reference.copyColumns(x.expected(), 0, numeric, view.expected(), 0);
            backend.embeddingForward(x.actual(), numeric + 1, table.actual(), view.actual(), numeric);
            reference.embeddingForward(x.expected(), numeric + 1, table.expected(), view.expected(), numeric);
            bench.exact("embeddingForward", ParityBench.read(reference, out.expected()), bench.read(out.actual()),
                    "lookup of " + view.actual().rows() + " rows");
        }
        Twin delta = bench.twin(rows, outCols, -1, 1);
        Twin grad = bench.twin(vocab, dim, 5, 5);
        float[] magnitude = new float[vocab * dim];
        for (int r = 0; r < rows; r++) {
            int id = Backend.embeddingId(xv[r * xCols + numeric + 1], vocab);
            for (int k = 0; k < dim; k++) {
                magnitude[id * dim + k] += Math.abs(delta.values()[r * outCols + numeric + k]);
            }
        }
        backend.embeddingBackward(x.actual(), numeric + 1, delta.actual(), numeric, grad.actual());
        reference.embeddingBackward(x.expected(), numeric + 1, delta.expected(), numeric, grad.expected());
        bench.close("embeddingBackward", grad, magnitude, "table gradient");
    }

    private static void known(ParityBench bench) {
        Backend backend = bench.backend();
        Tensor x = bench.upload(4, 2, new float[] {0.5f, 1, -2, 2, 3, 1, 4, 7});
        Tensor table = bench.upload(3, 2, new float[] {10, 11, 20, 21, 30, 31});
        Tensor out = bench.upload(4, 3, new float[12]);
        backend.copyColumns(x, 0, 1, out, 0);
        backend.embeddingForward(x, 1, table, out, 1);
        bench.exact("embeddingForward", new float[] {0.5f, 20, 21, -2, 30, 31, 3, 20, 21, 4, 10, 11}, bench.read(out),
                "known lookup (id 7 reads row 0)");
        Tensor delta = bench.upload(4, 3, new float[] {9, 1, 2, 9, 3, 4, 9, 5, 6, 9, 7, 8});
        Tensor grad = bench.upload(3, 2, new float[] {-1, -1, -1, -1, -1, -1});
        backend.embeddingBackward(x, 1, delta, 1, grad);
        bench.exact("embeddingBackward", new float[] {7, 8, 6, 8, 3, 4}, bench.read(grad), "known scatter-add");
        backend.embeddingBackward(x, 1, delta.withRows(1), 1, grad);
        bench.exact("embeddingBackward", new float[] {0, 0, 1, 2, 0, 0}, bench.read(grad), "scatter-add of a view");
    }
}
