package nn.network;

import java.util.ArrayList;
import java.util.List;
import nn.compute.Backend;
import nn.compute.Tensor;

/**
 * An embedding layer on a backend: one table and its gradient per embedded column, the output
 * (numeric columns, then the vectors) and δ of the output. As the first layer it gives no δ-in.
 */
final class DeviceEmbedding extends DeviceLayer {
    private final EmbeddingLayer shape;
    private final List<Tensor> tables = new ArrayList<>();
    private final List<Tensor> grads = new ArrayList<>();
    private final Tensor outFull;
    private final Tensor deltaFull;
    private Tensor out;
    private Tensor delta;

    DeviceEmbedding(Backend backend, EmbeddingLayer layer, Regularization regularization, int maxBatch) {
        // L2 penalises dense weights only (Keras keeps an embedding's regulariser separate), so it is ignored here.
        if (regularization.dropout() > 0) {
            throw new IllegalArgumentException("embedding layers take no dropout");
        }
        this.shape = layer;
        int[] vocab = layer.vocabularies();
        int[] dims = layer.dims();
        List<float[]> values = layer.tables();
        for (int c = 0; c < dims.length; c++) {
            Tensor t = backend.allocate(vocab[c], dims[c]);
            backend.write(t, values.get(c));
            tables.add(t);
            grads.add(backend.allocate(vocab[c], dims[c]));
        }
        this.outFull = backend.allocate(maxBatch, layer.outputs());
        this.deltaFull = backend.allocate(maxBatch, layer.outputs());
        useRows(maxBatch);
    }

    @Override
    void useRows(int rows) {
        if (out == null || out.rows() != rows) {
            out = outFull.withRows(rows);
            delta = deltaFull.withRows(rows);
        }
    }

    @Override
    Tensor forward(Backend backend, Tensor x, boolean training, DropoutMasks masks, int index) {
        if (shape.numeric() > 0) {
            backend.copyColumns(x, 0, shape.numeric(), out, 0);
        }
        for (int c = 0; c < tables.size(); c++) {
            backend.embeddingForward(x, shape.numeric() + c, tables.get(c), out, shape.outputColumn(c));
        }
        return out;
    }

    @Override
    Tensor output() {
        return out;
    }

    @Override
    Tensor delta() {
        return delta;
    }

    @Override
    double backward(Backend backend, Tensor x, Tensor deltaIn, boolean fromLoss) {
        if (fromLoss || deltaIn != null) {
            throw new IllegalStateException("an embedding layer must be the first layer and cannot be the output");
        }
        for (int c = 0; c < tables.size(); c++) {
            backend.embeddingBackward(x, shape.numeric() + c, delta, shape.outputColumn(c), grads.get(c));
        }
        return 0;
    }

    @Override
    void addParameters(List<Parameter> list, int number) {
        for (int c = 0; c < tables.size(); c++) {
            list.add(new Parameter("E" + number + "_" + (c + 1), tables.get(c), grads.get(c)));
        }
    }

    @Override
    LayerDiagnosis diagnose(Backend backend, int number) {
        float[] values = readAll(backend, out);
        float[] g = readAll(backend, grads.toArray(Tensor[]::new));
        return new LayerDiagnosis(number, TensorStats.of(values, values.length), TensorStats.of(g, g.length));
    }

    @Override
    EmbeddingLayer download(Backend backend) {
        List<float[]> values = new ArrayList<>();
        for (Tensor t : tables) {
            values.add(readAll(backend, t));
        }
        return new EmbeddingLayer(shape.numeric(), shape.vocabularies(), shape.dims(), values);
    }
}
