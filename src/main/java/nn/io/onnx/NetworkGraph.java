package nn.io.onnx;

import static nn.io.onnx.GraphBuilder.attr;

import java.util.ArrayList;
import java.util.List;
import nn.compute.Activation;
import nn.compute.ActivationFunction;
import nn.io.onnx.proto.OnnxProto.TensorProto.DataType;
import nn.network.BatchNormLayer;
import nn.network.DenseLayer;
import nn.network.EmbeddingLayer;
import nn.network.Layer;
import nn.network.Network;

/**
 * The network's layers as graph nodes, in inference form: dense as Gemm and its activation,
 * batch_norm as BatchNormalization with the running statistics, embedding as Gather of each id
 * column's row.
 */
final class NetworkGraph {
    private final GraphBuilder g;

    NetworkGraph(GraphBuilder g) {
        this.g = g;
    }

    /** Refuses, naming the first, a network with an activation that has no ONNX operator. */
    static void requireExportable(Network network) {
        for (int i = 0; i < network.layers().size(); i++) {
            if (network.layers().get(i) instanceof DenseLayer d && !(d.activation() instanceof Activation)) {
                throw new OnnxExportException("layer " + (i + 1) + " uses the custom Java activation '"
                        + d.activation().yamlName() + "', which has no ONNX operator; only the built-in activations "
                        + "(linear, relu, leaky_relu, sigmoid, tanh, softmax) export");
            }
        }
    }

    /** The nodes from input {@code x}; returns the output layer's activation. */
    String forward(Network network, String x) {
        String h = x;
        for (Layer layer : network.layers()) {
            if (layer instanceof DenseLayer d) {
                h = dense(d, h);
            } else if (layer instanceof BatchNormLayer bn) {
                h = batchNorm(bn, h);
            } else {
                h = embedding((EmbeddingLayer) layer, h);
            }
        }
        return h;
    }

    private String dense(DenseLayer d, String x) {
        List<String> inputs = new ArrayList<>(List.of(x, g.floats("W", new long[] {d.inputs(), d.units()}, d.weights())));
        if (d.hasBias()) {
            inputs.add(g.floats("b", new long[] {d.units()}, d.biases()));
        }
        return activation(d.activation(), g.op("Gemm", inputs));
    }

    private String activation(ActivationFunction f, String z) {
        return switch ((Activation) f) {
            case LINEAR -> z;
            case RELU -> g.op("Relu", List.of(z));
            case LEAKY_RELU -> g.op("LeakyRelu", List.of(z), attr("alpha", Activation.LEAKY_SLOPE));
            case SIGMOID -> g.op("Sigmoid", List.of(z));
            case TANH -> g.op("Tanh", List.of(z));
            case SOFTMAX -> g.op("Softmax", List.of(z), attr("axis", 1L));
        };
    }

    private String batchNorm(BatchNormLayer bn, String x) {
        long[] dims = {bn.width()};
        return g.op("BatchNormalization", List.of(x, g.floats("gamma", dims, bn.gamma()), g.floats("beta", dims, bn.beta()),
                g.floats("mean", dims, bn.movingMean()), g.floats("variance", dims, bn.movingVariance())),
                attr("epsilon", bn.epsilon()));
    }

    /** Numeric columns as they are, then each id column's table row, concatenated in column order. */
    private String embedding(EmbeddingLayer e, String x) {
        List<String> parts = new ArrayList<>();
        if (e.numeric() > 0) {
            parts.add(columns(x, 0, e.numeric()));
        }
        for (int c = 0; c < e.columns(); c++) {
            String id = g.op("Cast", List.of(columns(x, e.numeric() + c, e.numeric() + c + 1)),
                    attr("to", (long) DataType.INT64_VALUE));
            int dim = e.dims()[c];
            String table = g.floats("table", new long[] {e.vocabularies()[c], dim}, e.tables().get(c));
            String rows = g.op("Gather", List.of(table, id), attr("axis", 0L));
            parts.add(g.op("Reshape", List.of(rows, g.int64s("shape", -1, dim))));
        }
        return parts.size() == 1 ? parts.get(0) : g.op("Concat", parts, attr("axis", 1L));
    }

    /** Columns [from, to) of a [N, width] tensor. */
    private String columns(String x, long from, long to) {
        return g.op("Slice", List.of(x, g.int64s("starts", from), g.int64s("ends", to), g.int64s("axes", 1)));
    }
}
