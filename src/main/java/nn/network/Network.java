package nn.network;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A feed-forward network: an input width and a chain of {@link Layer}s with their values. The
 * last layer is dense (the loss needs its activation). Immutable; training produces a new one.
 */
public record Network(int inputs, List<Layer> layers) {

    public Network {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        int width = inputs;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).inputs() != width) {
                throw new IllegalArgumentException("layer " + i + " takes " + layers.get(i).inputs()
                        + " inputs but receives " + width);
            }
            width = layers.get(i).outputs();
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i) instanceof EmbeddingLayer) {
                throw new IllegalArgumentException("an embedding layer must be the first layer, not layer " + (i + 1));
            }
        }
        if (!(layers.get(layers.size() - 1) instanceof DenseLayer)) {
            throw new IllegalArgumentException("the last layer must be dense, not "
                    + layers.get(layers.size() - 1).typeName());
        }
    }

    /**
     * A network with freshly drawn weights, each layer by its {@link LayerShape#init()} (by default
     * He-normal for ReLU-like layers, Glorot-uniform otherwise), biases zero. The same seed gives the
     * same weights.
     */
    public static Network initialize(int inputs, List<? extends LayerPlan> shapes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Layer> layers = new ArrayList<>();
        int width = inputs;
        for (LayerPlan plan : shapes) {
            if (plan instanceof LayerShape shape) {
                float[] w = shape.init().sample(width, shape.units(), random);
                float[] b = new float[shape.hasBias() ? shape.units() : 0];
                layers.add(new DenseLayer(width, shape.units(), shape.activation(), shape.hasBias(), w, b));
                width = shape.units();
            } else if (plan instanceof EmbeddingShape e) {
                List<float[]> tables = new ArrayList<>();
                for (int c = 0; c < e.dims().length; c++) {
                    float[] t = new float[e.vocabularies()[c] * e.dims()[c]];
                    for (int i = 0; i < t.length; i++) {
                        t[i] = (float) ((random.nextDouble() * 2 - 1) * EmbeddingLayer.INIT_LIMIT);
                    }
                    tables.add(t);
                }
                EmbeddingLayer layer = new EmbeddingLayer(e.numeric(), e.vocabularies(), e.dims(), tables);
                layers.add(layer);
                width = layer.outputs();
            } else {
                // Draws nothing, so adding batch_norm leaves every dense layer's weights as they were.
                BatchNormShape bn = (BatchNormShape) plan;
                layers.add(BatchNormLayer.initial(width, bn.momentum(), bn.epsilon()));
            }
        }
        return new Network(inputs, layers);
    }

    /** Width of the last layer. */
    public int outputs() {
        return outputLayer().units();
    }

    /** The last layer, always dense. */
    public DenseLayer outputLayer() {
        return (DenseLayer) layers.get(layers.size() - 1);
    }

    /** Layer {@code index} (0-based), which must be dense. */
    public DenseLayer dense(int index) {
        if (!(layers.get(index) instanceof DenseLayer d)) {
            throw new IllegalArgumentException("layer " + index + " is " + layers.get(index).typeName() + ", not dense");
        }
        return d;
    }

    /** The last layer's activation. */
    public nn.compute.ActivationFunction outputActivation() {
        return outputLayer().activation();
    }

    /**
     * Each dense layer's activation, in layer order: what a backend must be able to compute to run
     * this network (every backend runs batch_norm).
     */
    public List<nn.compute.ActivationFunction> activations() {
        return layers.stream().filter(l -> l instanceof DenseLayer).map(l -> ((DenseLayer) l).activation()).toList();
    }

    /** Trainable values in all layers. */
    public long parameterCount() {
        return layers.stream().mapToLong(Layer::parameterCount).sum();
    }
}
