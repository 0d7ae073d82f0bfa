package nn.io.onnx;

import static nn.io.onnx.GraphBuilder.attr;
import static nn.io.onnx.GraphBuilder.ints;
import static nn.io.onnx.GraphBuilder.stringsAttr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nn.data.ColumnEncoder;
import nn.data.ColumnKind;
import nn.data.Imputation;
import nn.data.Normalizer;
import nn.data.Preprocessing;
import nn.io.onnx.proto.OnnxProto.TensorProto.DataType;

/**
 * The fitted preprocessing as graph nodes, computing what {@link Preprocessing#encode} and the
 * normaliser do: one graph input per raw column, and out the network's input [N, width].
 * Numeric: NaN is missing, replaced by the fill (IsNaN, Where) with a 0/1 indicator (Cast).
 * Categorical: the string's slot by a LabelEncoder of ai.onnx.ml (opset 13 has no operator that
 * compares strings: Equal takes strings only from opset 19), then one-hot as Equal against
 * 0..width−1, or the embedding id as a float.
 */
final class PreprocessingGraph {
    private final GraphBuilder g;
    private final Preprocessing preprocessing;

    PreprocessingGraph(GraphBuilder g, Preprocessing preprocessing) {
        this.g = g;
        this.preprocessing = preprocessing;
    }

    /** Declares the inputs and returns the name of the encoded, normalised batch. */
    String encode(Normalizer normalizer) {
        List<String> parts = new ArrayList<>();
        for (ColumnEncoder c : preprocessing.columns()) {
            boolean numeric = c.kind() == ColumnKind.NUMERIC;
            g.input(c.name(), numeric ? DataType.FLOAT : DataType.STRING);
            parts.addAll(numeric ? numeric(c) : categorical(c));
        }
        String x = parts.size() == 1 ? parts.get(0) : g.op("Concat", parts, attr("axis", 1L));
        return normalise(x, normalizer);
    }

    private List<String> numeric(ColumnEncoder c) {
        if (c.imputation() == Imputation.ERROR) {
            // A graph cannot refuse a row: a missing cell stays NaN and so do the outputs.
            return List.of(c.name());
        }
        String missing = g.op("IsNaN", List.of(c.name()));
        String fill = g.floats(c.name() + "_fill", new long[] {1}, (float) c.fill());
        String value = g.op("Where", List.of(missing, fill, c.name()));
        if (!c.indicator()) {
            return List.of(value);
        }
        return List.of(value, g.op("Cast", List.of(missing), attr("to", (long) DataType.FLOAT_VALUE)));
    }

    private List<String> categorical(ColumnEncoder c) {
        int k = c.categories().size();
        // Embedded: id 1 + index, 0 for everything else. One-hot: the slot index; "(other)" is the last.
        long other = c.embedded() ? 0 : c.width() - 1;
        long missing = c.embedded() ? 0 : c.missingCategory() ? k : other;
        Map<String, Long> slots = new LinkedHashMap<>();
        for (int i = 0; i < k; i++) {
            slots.put(c.categories().get(i), c.embedded() ? i + 1L : i);
        }
        slots.putIfAbsent("", missing);
        preprocessing.naValues().forEach(na -> slots.putIfAbsent(na, missing));
        String slot = g.opIn(GraphBuilder.ML_DOMAIN, "LabelEncoder", List.of(c.name()),
                stringsAttr("keys_strings", List.copyOf(slots.keySet())),
                ints("values_int64s", slots.values().stream().mapToLong(Long::longValue).toArray()),
                attr("default_int64", other));
        if (c.embedded()) {
            return List.of(g.op("Cast", List.of(slot), attr("to", (long) DataType.FLOAT_VALUE)));
        }
        long[] range = new long[c.width()];
        for (int i = 0; i < range.length; i++) {
            range[i] = i;
        }
        String hot = g.op("Equal", List.of(slot, g.int64s(c.name() + "_slots", range)));
        return List.of(g.op("Cast", List.of(hot), attr("to", (long) DataType.FLOAT_VALUE)));
    }

    /** (x − offset) · scale, in float32 as {@code Model} computes it; nothing when it is the identity. */
    private String normalise(String x, Normalizer normalizer) {
        float[] offset = normalizer.offset();
        float[] scale = normalizer.scale();
        boolean identity = true;
        for (int f = 0; f < offset.length; f++) {
            identity &= offset[f] == 0f && scale[f] == 1f;
        }
        if (identity) {
            return x;
        }
        long[] dims = {1, offset.length};
        String shifted = g.op("Sub", List.of(x, g.floats("offset", dims, offset)));
        return g.op("Mul", List.of(shifted, g.floats("scale", dims, scale)));
    }
}
