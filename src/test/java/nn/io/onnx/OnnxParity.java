package nn.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nn.data.ColumnEncoder;
import nn.data.ColumnKind;
import nn.data.Imputation;
import nn.data.RawTable;
import nn.io.SavedModel;
import nn.model.Model;
import nn.model.Prediction;

/**
 * Runs a model's ONNX export in ONNX Runtime on a table's raw cells and compares it with
 * {@link Model#predict(RawTable, double)}: the same labels, probabilities (or values) within a
 * stated tolerance. Cells go in as a client would send them: numbers as float32 with NaN for a
 * missing cell, categories as the strings of the file.
 */
final class OnnxParity {
    /** The bound on probabilities. */
    static final double PROBABILITY_TOLERANCE = 1e-5;

    private OnnxParity() {
    }

    /** The worst difference seen, with how many rows were compared. */
    record Result(double maxDelta, int rows) {
    }

    /** Exports {@code modelPath}'s model, runs both on {@code table} and asserts they agree. */
    static Result check(Path modelPath, RawTable table) throws OrtException {
        try (Model model = Model.load(modelPath)) {
            byte[] onnx = OnnxExporter.toBytes(model.saved(), "test");
            List<Prediction> expected = model.predict(table, 0.5);
            return compare(model.saved(), onnx, table, expected);
        }
    }

    private static Result compare(SavedModel saved, byte[] onnx, RawTable table, List<Prediction> expected)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
            Map<String, OnnxTensor> inputs = inputs(env, saved, table);
            try (OrtSession.Result result = session.run(inputs)) {
                inputs.values().forEach(OnnxTensor::close);
                return saved.classNames().isEmpty() ? values(result, expected, saved) : classes(result, expected);
            }
        }
    }

    private static Result classes(OrtSession.Result result, List<Prediction> expected) throws OrtException {
        String[] labels = (String[]) result.get(OutputGraph.LABEL).orElseThrow().getValue();
        float[][] p = (float[][]) result.get(OutputGraph.PROBABILITIES).orElseThrow().getValue();
        assertEquals(expected.size(), labels.length);
        double worst = 0;
        for (int r = 0; r < labels.length; r++) {
            double[] want = expected.get(r).probabilities();
            assertEquals(want.length, p[r].length, "row " + r);
            for (int j = 0; j < want.length; j++) {
                worst = Math.max(worst, Math.abs(want[j] - p[r][j]));
            }
            assertEquals(expected.get(r).label(), labels[r], "row " + r + " label");
        }
        assertTrue(worst <= PROBABILITY_TOLERANCE, "max |Δp| " + worst);
        return new Result(worst, labels.length);
    }

    /**
     * Regression in the label's units: float32 keeps about 7 digits, so the bound is 1e-5 of the
     * target's scale (its training standard deviation), i.e. 1e-5 in the units the network computes.
     */
    private static Result values(OrtSession.Result result, List<Prediction> expected, SavedModel saved) throws OrtException {
        OnnxValue out = result.get(OutputGraph.VALUE).orElseThrow();
        float[][] v = (float[][]) out.getValue();
        double scale = saved.preprocessing().target().scale();
        double worst = 0;
        for (int r = 0; r < v.length; r++) {
            assertEquals(1, v[r].length);
            worst = Math.max(worst, Math.abs(expected.get(r).value() - v[r][0]) / Math.max(1, scale));
        }
        assertEquals(expected.size(), v.length);
        assertTrue(worst <= PROBABILITY_TOLERANCE, "max |Δvalue| / scale " + worst);
        return new Result(worst, v.length);
    }

    private static Map<String, OnnxTensor> inputs(OrtEnvironment env, SavedModel saved, RawTable table) throws OrtException {
        Set<String> na = Set.copyOf(saved.preprocessing().naValues());
        Map<String, OnnxTensor> inputs = new HashMap<>();
        int n = table.rows().size();
        for (ColumnEncoder c : saved.preprocessing().columns()) {
            int at = table.columns().indexOf(c.name());
            if (c.kind() == ColumnKind.NUMERIC) {
                float[][] x = new float[n][1];
                for (int r = 0; r < n; r++) {
                    String cell = table.rows().get(r)[at];
                    x[r][0] = na.contains(cell) ? Float.NaN : Float.parseFloat(cell);
                }
                inputs.put(c.name(), OnnxTensor.createTensor(env, x));
            } else {
                String[][] x = new String[n][1];
                for (int r = 0; r < n; r++) {
                    x[r][0] = table.rows().get(r)[at];
                }
                inputs.put(c.name(), OnnxTensor.createTensor(env, x));
            }
        }
        return inputs;
    }

    /**
     * {@code table} and, per feature column, rows that differ from its first row in that cell only:
     * a missing cell ({@code ""} and "NA"; not for a column trained with {@code missing: error},
     * which nn refuses) and, for a categorical column, a category never seen in training.
     */
    static RawTable withHardCells(RawTable table, SavedModel saved) {
        List<String[]> rows = new ArrayList<>(table.rows());
        String[] first = table.rows().get(0);
        for (ColumnEncoder c : saved.preprocessing().columns()) {
            int at = table.columns().indexOf(c.name());
            List<String> cells = new ArrayList<>();
            if (c.imputation() != Imputation.ERROR) {
                cells.addAll(List.of("", "NA"));
            }
            if (c.kind() == ColumnKind.CATEGORICAL) {
                cells.add("never seen in training");
            }
            for (String cell : cells) {
                String[] row = first.clone();
                row[at] = cell;
                rows.add(row);
            }
        }
        int[] lines = new int[rows.size()];
        for (int r = 0; r < lines.length; r++) {
            lines[r] = r + 2;
        }
        return new RawTable(table.source(), table.columns(), rows, lines);
    }

    /** Asserts the export's metadata names the exporter and the model's provenance. */
    static void checkMetadata(byte[] onnx, SavedModel saved) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
            var meta = session.getMetadata();
            assertEquals("nn", meta.getProducerName());
            Map<String, String> custom = meta.getCustomMetadata();
            assertEquals("test", custom.get("nn.version"), custom.toString());
            assertEquals(Long.toString(saved.provenance().seed()), custom.get("provenance.seed"), custom.toString());
            assertEquals(Set.copyOf(saved.preprocessing().columnNames()), session.getInputNames());
        }
    }
}
