package nn.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entity embeddings ({@code type: embedding}), the first layer of a network whose data has
 * embedded categorical columns. Its input is the {@code numeric} encoded columns followed by one
 * integer-id column per embedded column (0 = unknown or other, 1.. the vocabulary); its output is
 * the numeric columns unchanged followed by each id's looked-up row of that column's table
 * E_c (vocabulary_c × dim_c), in column order. Only the tables train; nothing flows below it, so
 * it must be the first layer. Arrays are copied in and out.
 *
 * @param numeric      leading input columns passed through unchanged
 * @param vocabularies table rows per embedded column (ids 0 .. vocabulary − 1)
 * @param dims         vector width per embedded column
 * @param tables       per embedded column, its table row-major (id v, component k at v·dim + k)
 */
public record EmbeddingLayer(int numeric, int[] vocabularies, int[] dims, List<float[]> tables) implements Layer {
    /** The type name in configs and model files. */
    public static final String TYPE = "embedding";
    /** Keras's Embedding initialiser: uniform in ±0.05. */
    static final float INIT_LIMIT = 0.05f;

    public EmbeddingLayer {
        if (numeric < 0) {
            throw new IllegalArgumentException("embedding numeric columns must be >= 0, got " + numeric);
        }
        if (vocabularies.length == 0 || vocabularies.length != dims.length || tables.size() != dims.length) {
            throw new IllegalArgumentException("embedding needs one vocabulary, dim and table per embedded column, got "
                    + vocabularies.length + ", " + dims.length + " and " + tables.size());
        }
        vocabularies = vocabularies.clone();
        dims = dims.clone();
        List<float[]> copies = new ArrayList<>();
        for (int c = 0; c < dims.length; c++) {
            if (vocabularies[c] <= 0 || dims[c] <= 0) {
                throw new IllegalArgumentException("embedding column " + (c + 1) + ": vocabulary and dim must be positive, got "
                        + vocabularies[c] + " and " + dims[c]);
            }
            if (tables.get(c).length != (long) vocabularies[c] * dims[c]) {
                throw new IllegalArgumentException("embedding table " + (c + 1) + " holds " + tables.get(c).length
                        + " values, expected " + vocabularies[c] + "x" + dims[c]);
            }
            copies.add(tables.get(c).clone());
        }
        tables = List.copyOf(copies);
    }

    /** Embedded columns. */
    public int columns() {
        return dims.length;
    }

    /** The output column where embedded column {@code c}'s vector starts. */
    public int outputColumn(int c) {
        int at = numeric;
        for (int i = 0; i < c; i++) {
            at += dims[i];
        }
        return at;
    }

    @Override
    public int[] vocabularies() {
        return vocabularies.clone();
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    @Override
    public List<float[]> tables() {
        return tables.stream().map(float[]::clone).toList();
    }

    @Override
    public int inputs() {
        return numeric + dims.length;
    }

    @Override
    public int outputs() {
        return outputColumn(dims.length);
    }

    @Override
    public long parameterCount() {
        long total = 0;
        for (int c = 0; c < dims.length; c++) {
            total += (long) vocabularies[c] * dims[c];
        }
        return total;
    }

    /** A lookup copies values and multiplies nothing. */
    @Override
    public long forwardFlops() {
        return 0;
    }

    /** The output and δ. */
    @Override
    public long bufferFloatsPerRow() {
        return 2L * outputs();
    }

    @Override
    public String typeName() {
        return TYPE;
    }

    @Override
    public LayerEntry entry() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("numeric", numeric);
        fields.put("vocabularies", join(vocabularies));
        fields.put("dims", join(dims));
        Map<String, float[]> named = new LinkedHashMap<>();
        for (int c = 0; c < dims.length; c++) {
            named.put("table" + (c + 1), tables.get(c).clone());
        }
        return new LayerEntry(TYPE, fields, named);
    }

    /** Lists of numbers travel as one comma-separated string field: model entries hold scalars only. */
    static String join(int[] values) {
        return String.join(",", Arrays.stream(values).mapToObj(Integer::toString).toList());
    }

    @Override
    public List<Equation> forwardEquations(int l, String output) {
        List<Equation> lines = new ArrayList<>();
        StringBuilder joined = new StringBuilder("[");
        joined.append(numeric > 0 ? Notation.sub("X", l) + "[:, 1.." + numeric + "]" : "");
        for (int c = 0; c < dims.length; c++) {
            joined.append(joined.length() > 1 ? ", " : "").append("E").append(c + 1).append("[id").append(c + 1).append("]");
        }
        lines.add(new Equation(output + " = " + joined + "]", Notation.shape("n", outputs()) + ", E"
                + "c (vocabulary × dim): " + describe() + "; id 0 is unknown or other"));
        return lines;
    }

    private String describe() {
        List<String> parts = new ArrayList<>();
        for (int c = 0; c < dims.length; c++) {
            parts.add("E" + (c + 1) + " " + vocabularies[c] + "×" + dims[c]);
        }
        return String.join(", ", parts);
    }

    @Override
    public List<Equation> backwardEquations(int l, Layer below) {
        return List.of(new Equation("dEc[v] = Σ over rows with idc = v of " + Notation.delta(l)
                + "[:, the columns of Ec]", "rows in order; the first layer, so nothing flows below"));
    }

    @Override
    public Equation derivative(int l) {
        return new Equation("", "");
    }

    @Override
    public String parameterSymbols() {
        return "E";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EmbeddingLayer e) || numeric != e.numeric || !Arrays.equals(vocabularies, e.vocabularies)
                || !Arrays.equals(dims, e.dims)) {
            return false;
        }
        for (int c = 0; c < dims.length; c++) {
            if (!Arrays.equals(tables.get(c), e.tables.get(c))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(vocabularies) + Arrays.hashCode(dims) + numeric;
    }

    @Override
    public String toString() {
        return "EmbeddingLayer[" + numeric + " numeric, " + describe() + "]";
    }
}
