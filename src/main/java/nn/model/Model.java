package nn.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nn.compute.Backend;
import nn.compute.Devices;
import nn.compute.Tensor;
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

    /** Predicts one row of raw (unnormalised) features in {@link #featureNames()} order. */
    public Prediction predict(float[] features) {
        return predictAll(new float[][] {features}).get(0);
    }

    /** Predicts one row given by feature name; every feature must be present. */
    public Prediction predict(Map<String, ? extends Number> features) {
        float[] row = new float[featureNames().size()];
        for (int i = 0; i < row.length; i++) {
            Number value = features.get(featureNames().get(i));
            if (value == null) {
                throw new IllegalArgumentException("missing feature '" + featureNames().get(i) + "'; the model takes "
                        + String.join(", ", featureNames()));
            }
            row[i] = value.floatValue();
        }
        return predict(row);
    }

    /** Predicts many rows of raw features. */
    public synchronized List<Prediction> predictAll(float[][] rows) {
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
                result[from + r] = interpret(r);
            }
        }
        return List.of(result);
    }

    private Prediction interpret(int row) {
        int k = saved.network().outputs();
        List<String> classes = saved.classNames();
        if (classes.isEmpty()) {
            double value = outputs[row * k];
            return new Prediction(Double.toString(value), value, new double[0]);
        }
        double[] p = new double[classes.size()];
        if (k == 1 && classes.size() == 2) {
            // One sigmoid unit: the probability of the second class, decided at 0.5 as in training.
            p[1] = outputs[row];
            p[0] = 1 - p[1];
            int cls = p[1] >= 0.5 ? 1 : 0;
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
