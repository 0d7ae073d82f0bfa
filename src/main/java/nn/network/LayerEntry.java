package nn.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import nn.compute.Activations;

/**
 * A layer as a model file stores it, as plain data: its type name, scalar fields (numbers,
 * strings, booleans) and named float tensors, both in insertion order. nn.io writes and reads
 * these without knowing any layer type; {@link #toLayer()} turns one back into a layer.
 */
public record LayerEntry(String type, Map<String, Object> fields, Map<String, float[]> tensors) {

    public LayerEntry {
        Objects.requireNonNull(type, "type");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** The layer this entry describes; a bad entry throws IllegalArgumentException naming what is wrong. */
    public Layer toLayer() {
        return switch (type) {
            case DenseLayer.TYPE -> {
                String name = string("activation");
                var activation = Activations.byName(name).orElseThrow(() -> new UnknownActivationException(name));
                yield new DenseLayer(integer("inputs"), integer("units"), activation, bool("bias"),
                        tensor("weights"), tensor("biases"));
            }
            case BatchNormLayer.TYPE -> new BatchNormLayer(integer("width"), number("momentum"), number("epsilon"),
                    tensor("gamma"), tensor("beta"), tensor("movingMean"), tensor("movingVariance"));
            case EmbeddingLayer.TYPE -> embedding();
            default -> throw new IllegalArgumentException("unknown layer type '" + type
                    + "' (written by a newer nn? upgrade nn)");
        };
    }

    private EmbeddingLayer embedding() {
        int[] vocabularies = integers("vocabularies");
        int[] dims = integers("dims");
        List<float[]> tables = new ArrayList<>();
        for (int c = 0; c < dims.length; c++) {
            tables.add(tensor("table" + (c + 1)));
        }
        return new EmbeddingLayer(integer("numeric"), vocabularies, dims, tables);
    }

    /** A comma-separated list of whole numbers (how a layer stores a list in a scalar field). */
    private int[] integers(String key) {
        try {
            return Arrays.stream(string(key).split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the " + type + " layer's \"" + key + "\" is not a list of whole numbers");
        }
    }

    /** The model names an activation that no class on the class path registers. */
    public static final class UnknownActivationException extends IllegalArgumentException {
        private final String name;

        UnknownActivationException(String name) {
            super("unknown activation '" + name + "'");
            this.name = name;
        }

        public String name() {
            return name;
        }
    }

    private Object field(String key) {
        Object value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("the " + type + " layer has no \"" + key + "\"");
        }
        return value;
    }

    private int integer(String key) {
        if (!(field(key) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException("the " + type + " layer's \"" + key + "\" is not a whole number");
        }
        return n.intValue();
    }

    private float number(String key) {
        if (!(field(key) instanceof Number n)) {
            throw new IllegalArgumentException("the " + type + " layer's \"" + key + "\" is not a number");
        }
        return n.floatValue();
    }

    private boolean bool(String key) {
        if (!(field(key) instanceof Boolean b)) {
            throw new IllegalArgumentException("the " + type + " layer's \"" + key + "\" is not true or false");
        }
        return b;
    }

    private String string(String key) {
        return String.valueOf(field(key));
    }

    private float[] tensor(String key) {
        float[] values = tensors.get(key);
        if (values == null) {
            throw new IllegalArgumentException("the " + type + " layer has no tensor \"" + key + "\"");
        }
        return values;
    }
}
