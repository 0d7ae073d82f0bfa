package nn.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nn.compute.Backend;
import nn.compute.Devices;
import nn.compute.Tensor;
import nn.data.RawTable;
import nn.io.ModelDirectory;
import nn.io.ModelFile;
import nn.io.SavedModel;
import nn.network.DeviceNetwork;

/**
 * A trained model ready to predict. {@code try (Model m = Model.load(Path.of("models/iris"))) {
 * m.predict(new float[] {5.1f, 3.5f, 1.4f, 0.2f}).label(); }} Thread-safe: predictions are
 * serialised on the model's own single-threaded backend, which {@link #close} releases.
 */
public final class Model implements AutoCloseable {
    private static final int BATCH = 256;

    private final SavedModel saved;
    private final Backend backend = Devices.host(1);
    private final DeviceNetwork network;
    private final Tensor input;
    private final float[] outputs;

    private Model(SavedModel saved) {
        this.saved = saved;
        this.network = new DeviceNetwork(backend, saved.network(), BATCH);
        this.input = backend.allocate(BATCH, saved.network().inputs());
        this.outputs = new float[BATCH * saved.network().outputs()];
    }

    /** Loads {@code models/NAME} (its model file, else its newest complete checkpoint) or a model file. */
    public static Model load(Path path) {
        return new Model(ModelFile.load(ModelDirectory.modelFile(path)));
    }

    /** The saved model: network, names, normaliser, config and provenance. */
    public SavedModel saved() {
        return saved;
    }

    /** Feature columns in the order {@link #predict(float[])} takes them. */
    public List<String> featureNames() {
        return saved.featureNames();
    }

    /** Class names in output order; empty for regression. */
    public List<String> classNames() {
        return saved.classNames();
    }

    /** Predicts one row of encoded, unnormalised inputs in {@link #featureNames()} order. */
    public Prediction predict(float[] features) {
        return predictAll(new float[][] {features}).get(0);
    }

    /**
     * Predicts one row given by column name, through the saved preprocessing: numbers, strings
     * (categories, or numbers as text) or booleans; an absent or null value is missing and imputed
     * (an error only for a column trained with {@code missing: error} or a model from before
     * preprocessing). An unseen category is the column's "other" input, never an error.
     */
    public Prediction predict(Map<String, ?> columns) {
        return predict(saved.preprocessing().encode(columns));
    }

    /** The raw columns {@link #predict(Map)} reads, in training order. */
    public List<String> columnNames() {
        return saved.preprocessing().columnNames();
    }

    /** Predicts every row of {@code table} (columns picked by name), binary classes decided at {@code threshold}. */
    public List<Prediction> predict(RawTable table, double threshold) {
        float[] flat = saved.preprocessing().encode(table);
        int width = saved.network().inputs();
        float[][] rows = new float[table.rows().size()][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = java.util.Arrays.copyOfRange(flat, r * width, (r + 1) * width);
        }
        return predictAll(rows, threshold);
    }

    /** Predicts many rows of encoded inputs, in {@link #featureNames()} order. */
    public List<Prediction> predictAll(float[][] rows) {
        return predictAll(rows, 0.5);
    }

    /** As {@link #predictAll(float[][])}, a single sigmoid unit's class decided at {@code threshold}. */
    public synchronized List<Prediction> predictAll(float[][] rows, double threshold) {
        int features = saved.network().inputs();
        float[] offset = saved.normalizer().offset();
        float[] scale = saved.normalizer().scale();
        Prediction[] result = new Prediction[rows.length];
        float[] batch = new float[BATCH * features];
        for (int from = 0; from < rows.length; from += BATCH) {
            int n = Math.min(BATCH, rows.length - from);
            for (int r = 0; r < n; r++) {
                float[] row = rows[from + r];
                if (row.length != features) {
                    throw new IllegalArgumentException("row " + (from + r) + " has " + row.length
                            + " features; the model takes " + features);
                }
                for (int f = 0; f < features; f++) {
                    batch[r * features + f] = (row[f] - offset[f]) * scale[f];
                }
            }
            Tensor x = input.withRows(n);
            backend.write(x, batch);
            Tensor out = network.forward(x);
            backend.read(out, outputs);
            for (int r = 0; r < n; r++) {
                result[from + r] = interpret(r, threshold);
            }
        }
        return List.of(result);
    }

    private Prediction interpret(int row, double threshold) {
        int k = saved.network().outputs();
        List<String> classes = saved.classNames();
        if (classes.isEmpty()) {
            // Trained on a standardised target: back to the label's units.
            double value = saved.preprocessing().target().restore(outputs[row * k]);
            return new Prediction(Double.toString(value), value, new double[0]);
        }
        double[] p = new double[classes.size()];
        if (k == 1 && classes.size() == 2) {
            // One sigmoid unit: the probability of the second class, decided at the threshold (0.5 as in training).
            p[1] = outputs[row];
            p[0] = 1 - p[1];
            int cls = p[1] >= threshold ? 1 : 0;
            return new Prediction(classes.get(cls), cls, p);
        } else if (k == 1) {
            p[0] = 1;
        } else {
            for (int j = 0; j < k; j++) {
                p[j] = outputs[row * k + j];
            }
        }
        int best = 0;
        for (int j = 1; j < p.length; j++) {
            if (p[j] > p[best]) {
                best = j;
            }
        }
        return new Prediction(classes.get(best), best, p);
    }

    @Override
    public void close() {
        backend.close();
    }
}
