package nn.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nn.compute.Activation;
import nn.compute.ActivationFunction;
import nn.data.Normalizer;
import nn.data.Preprocessing;
import nn.data.RawTable;
import nn.data.Scaling;
import nn.data.TargetScaling;
import nn.examples.Swish;
import nn.io.ModelFile;
import nn.io.SavedModel;
import nn.network.BatchNormLayer;
import nn.network.DenseLayer;
import nn.network.Layer;
import nn.network.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Networks built here with random weights, so that every built-in activation, batch norm with
 * non-trivial running statistics, a bias-free layer, a one-unit sigmoid head and a standardised
 * regression target are each exported and run in ONNX Runtime against {@code Model}. The inputs
 * are all-numeric with no fitted preprocessing, as an IDX (mnist-style) or pre-format-4 model has.
 */
class NetworkExportTest {
    private static final int FEATURES = 6;

    @TempDir
    Path dir;

    private final SplittableRandom random = new SplittableRandom(7);

    private float[] values(int n, double spread) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * spread);
        }
        return v;
    }

    private DenseLayer dense(int in, int out, ActivationFunction f, boolean bias) {
        return new DenseLayer(in, out, f, bias, values(in * out, 0.6), bias ? values(out, 0.3) : new float[0]);
    }

    private BatchNormLayer batchNorm(int width) {
        float[] variance = values(width, 0.5);
        for (int i = 0; i < width; i++) {
            variance[i] = 0.2f + variance[i] * variance[i];
        }
        return new BatchNormLayer(width, 0.99f, 0.001f, values(width, 1), values(width, 0.5), values(width, 0.5), variance);
    }

    private Path save(List<Layer> layers, List<String> classes, TargetScaling target) {
        List<String> names = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            names.add("x" + f);
        }
        float[] scale = values(FEATURES, 1);
        for (int f = 0; f < FEATURES; f++) {
            scale[f] = 0.5f + Math.abs(scale[f]);
        }
        SavedModel model = new SavedModel("net", new Network(FEATURES, layers), names, classes,
                new Normalizer(Scaling.STANDARD, values(FEATURES, 2), scale), null,
                new SavedModel.Provenance(11, "java", "test", "2026-12-01T00:00:00Z"),
                Preprocessing.numeric(names).withTarget(target));
        Path file = dir.resolve("net.nnm");
        ModelFile.save(model, file);
        return file;
    }

    private RawTable rows(int n) {
        List<String[]> rows = new ArrayList<>();
        int[] lines = new int[n];
        for (int r = 0; r < n; r++) {
            String[] row = new String[FEATURES];
            float[] v = values(FEATURES, 3);
            for (int f = 0; f < FEATURES; f++) {
                row[f] = Float.toString(v[f]);
            }
            rows.add(row);
            lines[r] = r + 2;
        }
        List<String> columns = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            columns.add("x" + f);
        }
        return new RawTable("random", columns, rows, lines);
    }

    @Test
    void everyActivationAndBatchNormInAMultiClassNetwork() throws Exception {
        Path model = save(List.of(dense(FEATURES, 8, Activation.LINEAR, true), dense(8, 8, Activation.RELU, true),
                batchNorm(8), dense(8, 7, Activation.LEAKY_RELU, true), dense(7, 6, Activation.TANH, true),
                dense(6, 5, Activation.SIGMOID, false), dense(5, 3, Activation.SOFTMAX, true)),
                List.of("a", "b", "c"), TargetScaling.NONE);
        assertEquals(200, OnnxParity.check(model, rows(200)).rows());
        OnnxChecker.check(List.of(Files.write(dir.resolve("net.onnx"), OnnxExporter.toBytes(ModelFile.load(model), "test"))));
    }

    @Test
    void oneSigmoidUnitGivesTwoProbabilities() throws Exception {
        Path model = save(List.of(dense(FEATURES, 4, Activation.TANH, true), batchNorm(4),
                dense(4, 1, Activation.SIGMOID, true)), List.of("no", "yes"), TargetScaling.NONE);
        assertEquals(200, OnnxParity.check(model, rows(200)).rows());
    }

    @Test
    void aStandardisedRegressionTargetComesBackInLabelUnits() throws Exception {
        Path model = save(List.of(dense(FEATURES, 5, Activation.RELU, true), dense(5, 1, Activation.LINEAR, true)),
                List.of(), new TargetScaling(150, 77));
        assertEquals(200, OnnxParity.check(model, rows(200)).rows());
    }

    @Test
    void aColumnNamedAsAnOutputIsRefused() {
        List<String> names = List.of("x0", "x1", "x2", "x3", "x4", "value");
        SavedModel model = new SavedModel("net", new Network(FEATURES, List.of(dense(FEATURES, 1, Activation.LINEAR, true))),
                names, List.of(), new Normalizer(Scaling.NONE, new float[FEATURES], new float[] {1, 1, 1, 1, 1, 1}), null,
                new SavedModel.Provenance(11, "java", "test", "2026-12-01T00:00:00Z"), Preprocessing.numeric(names));
        OnnxExportException e = assertThrows(OnnxExportException.class, () -> OnnxExporter.toBytes(model, "test"));
        assertEquals("feature column 'value' has the name of an ONNX output or of the graph's own tensors (label, "
                + "probabilities, value, nn.*); rename the column and retrain", e.getMessage());
    }

    @Test
    void aCustomJavaActivationIsRefusedByName() {
        Path model = save(List.of(dense(FEATURES, 4, new Swish(), true), dense(4, 1, Activation.SIGMOID, true)),
                List.of("no", "yes"), TargetScaling.NONE);
        OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> OnnxExporter.toBytes(ModelFile.load(model), "test"));
        assertEquals("layer 1 uses the custom Java activation 'swish', which has no ONNX operator; only the built-in "
                + "activations (linear, relu, leaky_relu, sigmoid, tanh, softmax) export", e.getMessage());
    }
}
