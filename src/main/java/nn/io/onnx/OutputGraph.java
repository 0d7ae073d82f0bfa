package nn.io.onnx;

import static nn.io.onnx.GraphBuilder.attr;

import java.util.List;
import nn.data.TargetScaling;
import nn.io.onnx.proto.OnnxProto.TensorProto.DataType;

/**
 * The graph's outputs from the network's last activation, as {@code Model} reads it: for a
 * classifier {@code label} (the class name, [N]) and {@code probabilities} ([N, classes], one
 * sigmoid unit becoming 1 − p, p and a 0.5 threshold); for regression {@code value} ([N, 1]) in
 * the label's units.
 */
final class OutputGraph {
    /** The output names, fixed for clients. */
    static final String LABEL = "label";
    static final String PROBABILITIES = "probabilities";
    static final String VALUE = "value";

    private final GraphBuilder g;

    OutputGraph(GraphBuilder g) {
        this.g = g;
    }

    void regression(String y, TargetScaling target) {
        String value = y;
        if (!target.equals(TargetScaling.NONE)) {
            // In double as Model restores it, so the value is rounded to float32 once, at the end.
            String wide = g.op("Cast", List.of(y), attr("to", (long) DataType.DOUBLE_VALUE));
            String scaled = g.op("Mul", List.of(wide, g.doubles("target_scale", target.scale())));
            String restored = g.op("Add", List.of(scaled, g.doubles("target_offset", target.offset())));
            value = g.op("Cast", List.of(restored), attr("to", (long) DataType.FLOAT_VALUE));
        }
        g.node("", "Identity", List.of(value), VALUE);
        g.output(VALUE, DataType.FLOAT, 1);
    }

    void classifier(String y, int units, List<String> classes) {
        String probabilities;
        String index;
        if (units == 1 && classes.size() == 2) {
            String p0 = g.op("Sub", List.of(g.floats("one", new long[] {1}, 1f), y));
            probabilities = g.op("Concat", List.of(p0, y), attr("axis", 1L));
            String second = g.op("GreaterOrEqual", List.of(y, g.floats("threshold", new long[] {1}, 0.5f)));
            String flat = g.op("Reshape", List.of(second, g.int64s("shape", -1)));
            index = g.op("Cast", List.of(flat), attr("to", (long) DataType.INT64_VALUE));
        } else {
            // One unit and one class: that class, with probability 1, as Model says.
            probabilities = units == 1 ? g.op("Add", List.of(g.op("Mul", List.of(y, g.floats("zero", new long[] {1}, 0f))),
                    g.floats("one", new long[] {1}, 1f))) : y;
            index = g.op("ArgMax", List.of(probabilities), attr("axis", 1L), attr("keepdims", 0L));
        }
        g.node("", "Gather", List.of(g.strings("classes", classes), index), LABEL, attr("axis", 0L));
        g.node("", "Identity", List.of(probabilities), PROBABILITIES);
        g.output(LABEL, DataType.STRING, null);
        g.output(PROBABILITIES, DataType.FLOAT, classes.size());
    }
}
