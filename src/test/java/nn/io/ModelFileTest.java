package nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nn.compute.Activation;
import nn.data.ColumnEncoder;
import nn.data.ColumnKind;
import nn.data.Imputation;
import nn.data.Normalizer;
import nn.data.Preprocessing;
import nn.data.TargetScaling;
import nn.data.Scaling;
import nn.model.Model;
import nn.network.LayerShape;
import nn.network.BatchNormLayer;
import nn.network.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import nn.config.ConfigLoader;
import nn.spec.ExperimentSpec;

class ModelFileTest {
    private static final Path V1_FIXTURES = Path.of("src/test/resources/nn/io/ModelFileFuzzTestInputs/loadModel");

    @TempDir
    Path dir;

    /** A real resolved config, so the round trip covers every kind of key the typed spec has. */
    private static final ExperimentSpec SPEC;

    static {
        try (ConfigLoader loader = new ConfigLoader()) {
            SPEC = loader.load(Path.of("configs/diabetes.yaml"), List.of()).spec();
        }
    }

    private SavedModel model() {
        Network net = Network.initialize(3, List.of(new LayerShape(4, Activation.TANH, true),
                new LayerShape(2, Activation.SOFTMAX, false)), 5);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("train.loss", 0.25);
        metrics.put("train.accuracy", 0.9);
        return new SavedModel("m", net, List.of("a", "b", "c"), List.of("no", "yes"),
                new Normalizer(Scaling.STANDARD, new float[] {1, 2, 3}, new float[] {0.5f, 0.25f, 1}),
                SPEC,
                new SavedModel.Provenance(5, "java", "test", "2026-11-25T00:00:00Z",
                        List.of(new SavedModel.DataFile("train", "data/x.csv", "ab".repeat(32))), 7, metrics));
    }

    @Test
    void formatThreeRecordsLayerTypesAndBatchNormTensors() throws IOException {
        SavedModel plain = model();
        BatchNormLayer bn = new BatchNormLayer(4, 0.9f, 0.01f, new float[] {1.5f, 2, 3, 4}, new float[] {-1, 0, 1, 2},
                new float[] {0.1f, 0.2f, 0.3f, 0.4f}, new float[] {1, 2, 3, 4.5f});
        Network net = new Network(3, List.of(plain.network().layers().get(0), bn, plain.network().layers().get(1)));
        SavedModel saved = plain.withNetwork(net);
        Path file = dir.resolve("bn.nnm");
        ModelFile.save(saved, file);
        assertEquals(net, ModelFile.load(file).network());
        byte[] bytes = Files.readAllBytes(file);
        int headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
        var layers = new ObjectMapper().readTree(new String(bytes, 12, headerLength, StandardCharsets.UTF_8)).get("layers");
        assertEquals("dense", layers.get(0).get("type").asText());
        assertEquals("batch_norm", layers.get(1).get("type").asText());
        assertEquals(0.9f, (float) layers.get(1).get("momentum").asDouble());
        List<String> tensors = new java.util.ArrayList<>();
        layers.get(1).get("tensors").fieldNames().forEachRemaining(tensors::add);
        assertEquals(List.of("gamma", "beta", "movingMean", "movingVariance"), tensors);
    }

    @Test
    void fittedPreprocessingIsFormatFourAndRoundTrips() throws IOException {
        // color: one-hot (red, (missing), (other)); size: value + missing indicator; target standardised.
        Preprocessing pre = new Preprocessing(List.of("", "NA"), List.of(
                new ColumnEncoder("color", ColumnKind.CATEGORICAL, 2, Imputation.MEDIAN, 0, false, List.of("red"), true),
                new ColumnEncoder("size", ColumnKind.NUMERIC, 1, Imputation.MEDIAN, 4.5, true, List.of(), false)),
                new TargetScaling(1000, 250));
        SavedModel plain = model();
        Network net = Network.initialize(5, List.of(new LayerShape(2, Activation.SOFTMAX, true)), 3);
        SavedModel tabular = new SavedModel("t", net, pre.inputNames(), List.of("no", "yes"),
                new Normalizer(Scaling.NONE, new float[5], new float[] {1, 1, 1, 1, 1}), SPEC, plain.provenance(), pre);
        Path file = dir.resolve("t.nnm");
        ModelFile.save(tabular, file);
        byte[] bytes = Files.readAllBytes(file);
        int headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
        assertEquals(4, new ObjectMapper().readTree(Arrays.copyOfRange(bytes, 12, 12 + headerLength))
                .get("formatVersion").asInt());
        SavedModel back = ModelFile.load(file);
        assertEquals(pre, back.preprocessing());
        assertEquals(List.of("color=red", "color=(missing)", "color=(other)", "size", "size_na"), back.featureNames());
        // A model without fitted preprocessing stays format 3, which older nn versions read.
        Path old = dir.resolve("p.nnm");
        ModelFile.save(plain, old);
        byte[] oldBytes = Files.readAllBytes(old);
        int oldLength = ByteBuffer.wrap(oldBytes).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
        assertEquals(3, new ObjectMapper().readTree(Arrays.copyOfRange(oldBytes, 12, 12 + oldLength))
                .get("formatVersion").asInt());
        assertTrue(ModelFile.load(old).preprocessing().plainNumeric());
    }

    @Test
    void aModelFromBeforePreprocessingPredictsAFileAsItsRawNumbers() {
        // Committed format-1 iris model: its CSV rows go through Preprocessing.numeric, which must
        // hand the network exactly the numbers of the file, as nn did before format 4.
        nn.data.RawTable test = nn.data.Tables.csv(Path.of("data/iris-test.csv"), "iris-test.csv");
        try (Model model = Model.load(V1_FIXTURES.resolve("iris-model.json"))) {
            assertTrue(model.saved().preprocessing().plainNumeric());
            List<String> names = model.featureNames();
            float[][] raw = new float[test.rows().size()][names.size()];
            for (int r = 0; r < raw.length; r++) {
                for (int f = 0; f < names.size(); f++) {
                    raw[r][f] = Float.parseFloat(test.rows().get(r)[test.columns().indexOf(names.get(f))]);
                }
            }
            List<nn.model.Prediction> byFile = model.predict(test, 0.5);
            List<nn.model.Prediction> byNumbers = model.predictAll(raw);
            int correct = 0;
            for (int r = 0; r < raw.length; r++) {
                assertArrayEquals(byNumbers.get(r).probabilities(), byFile.get(r).probabilities(), 0.0);
                correct += byFile.get(r).label().equals(test.rows().get(r)[test.columns().indexOf("species")]) ? 1 : 0;
            }
            // The fixture is a short run (30 of 36 when committed); far above a third, so columns are not mixed up.
            assertTrue(correct >= 0.8 * raw.length, correct + " of " + raw.length);
        }
    }

    @Test
    void formatTwoFilesStillLoadAsDenseLayers() {
        // Written by nn before format 3, committed as it was.
        SavedModel v2 = ModelFile.load(V1_FIXTURES.resolve("xor-model-v2.nnm"));
        assertEquals(2, v2.network().layers().size());
        assertEquals(2, v2.network().dense(0).inputs());
        assertEquals(1, v2.network().outputs());
    }

    @Test
    void roundTripKeepsEveryValueExactly() {
        SavedModel saved = model();
        Path file = dir.resolve("sub/model.nnm");
        ModelFile.save(saved, file);
        SavedModel loaded = ModelFile.load(file);
        assertEquals(saved.network(), loaded.network());
        assertEquals(saved.featureNames(), loaded.featureNames());
        assertEquals(saved.classNames(), loaded.classNames());
        assertEquals(saved.provenance(), loaded.provenance());
        assertEquals(saved.config(), loaded.config(), "the typed config survives the file's JSON");
        assertEquals(List.of("train.loss", "train.accuracy"), List.copyOf(loaded.provenance().metrics().keySet()));
        assertEquals(Scaling.STANDARD, loaded.normalizer().scaling());
        assertEquals(0.25f, loaded.normalizer().scale()[1]);
    }

    @Test
    void byteLayoutIsTheOneTheReadmeDocuments() throws IOException {
        SavedModel saved = model();
        Path file = dir.resolve("model.nnm");
        ModelFile.save(saved, file);
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(new byte[] {(byte) 0x89, 'N', 'N', 'M', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(bytes, 8));
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = le.getInt(8);
        var header = new ObjectMapper().readTree(new String(bytes, 12, headerLength, StandardCharsets.UTF_8));
        assertEquals(3, header.get("formatVersion").asInt());
        assertEquals("tanh", header.get("layers").get(0).get("activation").asText());
        // 3x4 weights + 4 biases, then 4x2 weights and no biases.
        int floats = 12 + 4 + 8;
        assertEquals(4 * floats, header.get("weights").get("bytes").asInt());
        assertEquals(12 + headerLength + 4 * floats + 32, bytes.length);
        int body = 12 + headerLength;
        float[] w0 = saved.network().dense(0).weights();
        float[] b0 = saved.network().dense(0).biases();
        float[] w1 = saved.network().dense(1).weights();
        assertEquals(w0[0], le.getFloat(body));
        assertEquals(w0[11], le.getFloat(body + 4 * 11));
        assertEquals(b0[3], le.getFloat(body + 4 * 15));
        assertEquals(w1[7], le.getFloat(body + 4 * 23));
        assertEquals(HexFormat.of().formatHex(Sha256.digest(bytes, body, 4 * floats)), header.get("weights").get("sha256").asText());
        assertArrayEquals(Sha256.digest(bytes, 0, bytes.length - 32), Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length));
    }

    @Test
    void aFlippedByteAnywhereIsRefusedWithOneLine() throws IOException {
        Path file = dir.resolve("model.nnm");
        ModelFile.save(model(), file);
        byte[] good = Files.readAllBytes(file);
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x10;
            Files.write(file, bad);
            int at = i;
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(file), () -> "byte " + at);
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        }
        byte[] body = good.clone();
        body[body.length - 40] ^= 1; // inside the weights
        Files.write(file, body);
        assertEquals(file + ": damaged model file: checksum mismatch (the SHA-256 at its end does not match its "
                + "contents; the file was truncated or changed)", assertThrows(ModelFormatException.class,
                () -> ModelFile.load(file)).getMessage());
        Files.write(file, Arrays.copyOf(good, good.length - 1));
        assertThrows(ModelFormatException.class, () -> ModelFile.load(file));
    }

    @Test
    void weightsThatDoNotMatchTheirOwnHashAreRefusedEvenWhenTheFileIsResealed() throws IOException {
        Path file = dir.resolve("model.nnm");
        ModelFile.save(model(), file);
        byte[] bytes = Files.readAllBytes(file);
        int headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
        byte[] header = Arrays.copyOfRange(bytes, 12, 12 + headerLength);
        byte[] body = Arrays.copyOfRange(bytes, 12 + headerLength, bytes.length - 32);
        body[0] ^= 1;
        Files.write(file, ModelFile.seal(header, body));
        assertEquals(file + ": damaged model file: the weights do not match their SHA-256",
                assertThrows(ModelFormatException.class, () -> ModelFile.load(file)).getMessage());
    }

    @Test
    void newerFormatIsRefusedWithAClearMessage() throws IOException {
        Path file = dir.resolve("model.nnm");
        ModelFile.save(model(), file);
        byte[] bytes = Files.readAllBytes(file);
        int headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
        ObjectNode header = (ObjectNode) new ObjectMapper().readTree(Arrays.copyOfRange(bytes, 12, 12 + headerLength));
        header.put("formatVersion", 5);
        // A newer format may seal differently: the version is named even when the checksum does not fit.
        byte[] newer = ModelFile.seal(new ObjectMapper().writeValueAsBytes(header), new byte[0]);
        newer[newer.length - 1] ^= 1;
        Files.write(file, newer);
        assertEquals(file + ": model format version 5; this nn reads versions 1 to 4 (the model is newer: upgrade nn)",
                assertThrows(ModelFormatException.class, () -> ModelFile.load(file)).getMessage());

        Path json = dir.resolve("model.json");
        V1ModelFiles.save(model(), json);
        Files.writeString(json, Files.readString(json).replace("\"formatVersion\" : 1", "\"formatVersion\" : 9"));
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.load(json)).getMessage()
                .endsWith("model format version 9; this nn reads versions 1 to 4 (the model is newer: upgrade nn)"));
    }

    @Test
    void formatOneFilesStillLoad() throws IOException {
        SavedModel saved = model();
        Path file = dir.resolve("old/model.json");
        V1ModelFiles.save(saved, file);
        SavedModel loaded = ModelFile.load(file);
        assertEquals(saved.network(), loaded.network());
        assertEquals(new SavedModel.Provenance(5, "java", "test", "2026-11-25T00:00:00Z"), loaded.provenance());
        // A model directory that holds only a format-1 model.json still loads through Model.
        try (Model model = Model.load(file.getParent())) {
            assertEquals(2, model.predict(new float[] {1, 2, 3}).probabilities().length);
        }
        // Files written by nn before format 2, committed as they were.
        for (String name : List.of("iris-model.json", "xor-model.json")) {
            SavedModel fixture = ModelFile.load(V1_FIXTURES.resolve(name));
            assertEquals(42, fixture.provenance().seed(), name);
            assertEquals(List.of(), fixture.provenance().data(), name);
            assertEquals(fixture.name(), fixture.config().name(), name + ": its config reads as a typed spec");
        }
    }

    @Test
    void notAModelAndDamagedModelAreRefused() throws IOException {
        Path file = dir.resolve("x.json");
        Files.writeString(file, "{\"hello\": 1}");
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.load(file)).getMessage()
                .contains("not an nn model file"));
        Path damaged = dir.resolve("d.json");
        V1ModelFiles.save(model(), damaged);
        Files.writeString(damaged, Files.readString(damaged).replaceFirst("\"units\" : 4", "\"units\" : 5"));
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.load(damaged)).getMessage()
                .contains("damaged model file"));
    }

    @Test
    void savedFilesAreReadableByOthersLikeOrdinaryFiles() throws IOException {
        Path file = dir.resolve("m.txt");
        AtomicFiles.write(file, "x".getBytes());
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void atomicWriteReplacesWholeAndLeavesNoTempFile() throws IOException {
        Path file = dir.resolve("f.txt");
        AtomicFiles.write(file, "first".getBytes());
        AtomicFiles.write(file, "second".getBytes());
        assertEquals("second", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }
}
