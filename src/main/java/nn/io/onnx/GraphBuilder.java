package nn.io.onnx;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import nn.io.onnx.proto.OnnxProto.AttributeProto;
import nn.io.onnx.proto.OnnxProto.GraphProto;
import nn.io.onnx.proto.OnnxProto.NodeProto;
import nn.io.onnx.proto.OnnxProto.TensorProto;
import nn.io.onnx.proto.OnnxProto.TensorProto.DataType;
import nn.io.onnx.proto.OnnxProto.TensorShapeProto;
import nn.io.onnx.proto.OnnxProto.TypeProto;
import nn.io.onnx.proto.OnnxProto.ValueInfoProto;

/**
 * Builds one ONNX graph: nodes with fresh output names, constant initialisers, the inputs and the
 * outputs. Batch dimensions are the symbolic {@code N}, so a client may send any number of rows.
 */
final class GraphBuilder {
    /** The symbolic batch dimension. */
    static final String BATCH = "N";
    /** The operator domain of LabelEncoder. */
    static final String ML_DOMAIN = "ai.onnx.ml";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int counter;
    private boolean usesMl;

    GraphBuilder(String name) {
        graph.setName(name);
    }

    /** A node of the default domain with one output, named after its op; returns that name. */
    String op(String opType, List<String> inputs, AttributeProto... attributes) {
        return opIn("", opType, inputs, attributes);
    }

    /** As {@link #op}, in {@code domain} (the empty string is ai.onnx). */
    String opIn(String domain, String opType, List<String> inputs, AttributeProto... attributes) {
        String output = fresh(opType);
        node(domain, opType, inputs, output, attributes);
        return output;
    }

    /** A node writing the tensor named {@code output}. */
    void node(String domain, String opType, List<String> inputs, String output, AttributeProto... attributes) {
        usesMl |= domain.equals(ML_DOMAIN);
        graph.addNode(NodeProto.newBuilder().setOpType(opType).setDomain(domain).setName(fresh(opType + "_node"))
                .addAllInput(inputs).addOutput(output).addAllAttribute(List.of(attributes)));
    }

    /** Whether a node of ai.onnx.ml was added, so the model must import that domain. */
    boolean usesMl() {
        return usesMl;
    }

    /** A float32 constant of shape {@code dims}. */
    String floats(String hint, long[] dims, float... values) {
        String name = fresh(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : values) {
            t.addFloatData(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** A float64 constant of shape {@code [values.length]}. */
    String doubles(String hint, double... values) {
        String name = fresh(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(DataType.DOUBLE_VALUE)
                .addDims(values.length);
        for (double v : values) {
            t.addDoubleData(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** An int64 constant of shape {@code [values.length]}. */
    String int64s(String hint, long... values) {
        String name = fresh(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(DataType.INT64_VALUE)
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** A string constant of shape {@code [values.size()]}. */
    String strings(String hint, List<String> values) {
        String name = fresh(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(DataType.STRING_VALUE)
                .addDims(values.size());
        values.forEach(v -> t.addStringData(ByteString.copyFrom(v, StandardCharsets.UTF_8)));
        graph.addInitializer(t);
        return name;
    }

    /** A graph input of shape [N, 1]. */
    void input(String name, DataType type) {
        graph.addInput(value(name, type, 1));
    }

    /** A graph output of shape [N] (no {@code width}) or [N, width]. */
    void output(String name, DataType type, Integer width) {
        graph.addOutput(value(name, type, width));
    }

    GraphProto build() {
        return graph.build();
    }

    private static ValueInfoProto value(String name, DataType type, Integer width) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        if (width != null) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width));
        }
        TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    /** Internal names carry a prefix that no column name is likely to have, and a number that makes them unique. */
    private String fresh(String hint) {
        return "nn." + hint + "_" + counter++;
    }

    /** An INT attribute. */
    static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /** A FLOAT attribute. */
    static AttributeProto attr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    /** An INTS attribute. */
    static AttributeProto ints(String name, long[] values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    /** A STRINGS attribute. */
    static AttributeProto stringsAttr(String name, List<String> values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
        values.forEach(v -> a.addStrings(ByteString.copyFrom(v, StandardCharsets.UTF_8)));
        return a.build();
    }
}
