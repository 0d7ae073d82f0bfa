package nn.dsl;

import java.util.ArrayList;
import java.util.List;
import nn.compute.Activations;
import nn.network.Network;
import nn.run.SpecNetworks;
import nn.spec.ActivationType;
import nn.spec.InitType;
import nn.spec.LayerSpec;
import nn.spec.LayerType;
import nn.spec.NetworkSpec;

/**
 * Fluent construction of a network's structure. It produces the same {@link NetworkSpec} a YAML
 * file does, and builds networks from it through one path.
 */
public final class NetworkBuilder {
    private Integer input;
    private final List<LayerSpec> layers = new ArrayList<>();

    NetworkBuilder() {
    }

    /** Starts from an existing spec (for instance one read from YAML). */
    public static NetworkBuilder from(NetworkSpec spec) {
        NetworkBuilder builder = new NetworkBuilder();
        builder.input = spec.input();
        builder.layers.addAll(spec.layers());
        return builder;
    }

    /** Number of input features; left out, it is {@code auto}: the encoded width of the training data. */
    public NetworkBuilder input(int features) {
        this.input = features;
        return this;
    }

    /**
     * Adds a dense layer whose units are {@code auto}, as {@code units: auto} in YAML: for the
     * output layer, the class count (1 for binary and regression), taken from the training data.
     */
    public NetworkBuilder dense(ActivationType activation) {
        layers.add(new LayerSpec(null, activation, true));
        return this;
    }

    /** Adds a dense layer with a bias. */
    public NetworkBuilder dense(int units, ActivationType activation) {
        return dense(units, activation, true);
    }

    /** Adds a dense layer with a bias and an activation by name (a custom one, say). */
    public NetworkBuilder dense(int units, String activation) {
        layers.add(new LayerSpec(units, activation, true));
        return this;
    }

    /** Adds a dense layer, with or without a bias. */
    public NetworkBuilder dense(int units, ActivationType activation, boolean bias) {
        layers.add(new LayerSpec(units, activation, bias));
        return this;
    }

    /** Adds a batch_norm layer with Keras's defaults (momentum 0.99, epsilon 0.001). */
    public NetworkBuilder batchNorm() {
        layers.add(LayerSpec.batchNorm(null, null));
        return this;
    }

    /** Adds a batch_norm layer with the given momentum, in [0, 1), and epsilon, &gt; 0. */
    public NetworkBuilder batchNorm(double momentum, double epsilon) {
        layers.add(LayerSpec.batchNorm(momentum, epsilon));
        return this;
    }

    /** Dropout on the last added layer's outputs while training (inverted; hidden layers only). */
    public NetworkBuilder dropout(double rate) {
        LayerSpec l = lastDense("dropout");
        return replaceLast(new LayerSpec(l.units(), l.activation(), l.bias(), l.init(), rate, l.l2()));
    }

    /** An L2 penalty on the last added layer's weights (overrides the training-wide l2). */
    public NetworkBuilder l2(double lambda) {
        LayerSpec l = lastDense("l2");
        return replaceLast(new LayerSpec(l.units(), l.activation(), l.bias(), l.init(), l.dropout(), lambda));
    }

    /** The weight initialisation of the last added layer. */
    public NetworkBuilder init(InitType init) {
        LayerSpec l = lastDense("init");
        return replaceLast(new LayerSpec(l.units(), l.activation(), l.bias(), init, l.dropout(), l.l2()));
    }

    private LayerSpec lastDense(String what) {
        if (layers.isEmpty()) {
            throw new IllegalStateException("add a dense(...) layer first");
        }
        LayerSpec last = layers.get(layers.size() - 1);
        if (last.type() != LayerType.DENSE) {
            throw new IllegalStateException(what + " applies to dense layers; the last added layer is " + last.type().yamlName());
        }
        return last;
    }

    private NetworkBuilder replaceLast(LayerSpec layer) {
        layers.set(layers.size() - 1, layer);
        return this;
    }

    /** The structure as a spec, as YAML would declare it (a null input or units: auto, resolved from the data). */
    public NetworkSpec spec() {
        if (layers.isEmpty()) {
            throw new IllegalStateException("add at least one dense(...) layer before building");
        }
        return new NetworkSpec(input, layers);
    }

    /** A network with weights drawn from {@code seed}; every width must be given, since there is no data to take it from. */
    public Network build(long seed) {
        NetworkSpec spec = spec();
        if (input == null || layers.stream().anyMatch(l -> l.type() == LayerType.DENSE && l.units() == null)) {
            throw new IllegalStateException("call input(features) and give every dense layer its units before "
                    + "building; auto widths come from the data when Training.of(...) fits it");
        }
        return SpecNetworks.build(spec, seed);
    }

    /** The activation names a config may use, custom ones on the class path included. */
    public static java.util.List<String> activationNames() {
        return Activations.names();
    }
}
