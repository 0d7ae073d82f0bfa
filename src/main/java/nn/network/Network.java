package nn.network;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A feed-forward network: an input width and a chain of dense layers with their parameters.
 * Immutable; training produces a new one.
 */
public record Network(int inputs, List<DenseLayer> layers) {

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
            width = layers.get(i).units();
        }
    }

    /**
     * A network with freshly drawn weights, each layer by its {@link LayerShape#init()} (by default
     * He-normal for ReLU-like layers, Glorot-uniform otherwise), biases zero. The same seed gives the
     * same weights.
     */
    public static Network initialize(int inputs, List<LayerShape> shapes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<DenseLayer> layers = new ArrayList<>();
        int width = inputs;
        for (LayerShape shape : shapes) {
            float[] w = shape.init().sample(width, shape.units(), random);
            float[] b = new float[shape.hasBias() ? shape.units() : 0];
            layers.add(new DenseLayer(width, shape.units(), shape.activation(), shape.hasBias(), w, b));
            width = shape.units();
        }
        return new Network(inputs, layers);
    }

    /** Width of the last layer. */
    public int outputs() {
        return layers.get(layers.size() - 1).units();
    }

    /** The last layer's activation. */
    public nn.compute.ActivationFunction outputActivation() {
        return layers.get(layers.size() - 1).activation();
    }

    /** Each layer's activation, in layer order: what a backend must be able to compute to run this network. */
    public List<nn.compute.ActivationFunction> activations() {
        return layers.stream().map(DenseLayer::activation).toList();
    }

    /**
     * Why only the Java backend can run this network (a custom activation has no OpenCL kernel),
     * or null when every backend can.
     *
     * @deprecated backends say what they support: pass {@link #activations()} in a
     *     {@code nn.compute.DeviceRequest}; kept while the branches that call it are merged
     */
    @Deprecated
    public String javaOnlyReason() {
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i).activation() instanceof nn.compute.Activation)) {
                return "layer " + (i + 1) + " uses the custom activation '" + layers.get(i).activation().yamlName()
                        + "', which runs on the Java backend only";
            }
        }
        return null;
    }

    /** Trainable values in all layers. */
    public long parameterCount() {
        return layers.stream().mapToLong(DenseLayer::parameterCount).sum();
    }
}
