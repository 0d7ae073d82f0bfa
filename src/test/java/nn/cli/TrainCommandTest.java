package nn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nn.io.ModelFile;
import nn.io.SavedModel;
import nn.network.DenseLayer;
import nn.network.Layer;
import nn.network.Network;
import nn.run.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train command end to end through {@link Main#run}, on the shipped configs. */
class TrainCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path out;

    private CliRun train(String config, String... more) {
        String[] args = new String[more.length + 4];
        args[0] = config;
        args[1] = "--output-dir";
        args[2] = out.toString();
        args[3] = "--quiet";
        System.arraycopy(more, 0, args, 4, more.length);
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), run.err());
        return run;
    }

    private JsonNode report(String name) throws IOException {
        return JSON.readTree(out.resolve(name).resolve("report.json").toFile());
    }

    @Test
    void xorReachesFullAccuracyAndWritesEveryFile() throws IOException {
        CliRun run = train("configs/xor.yaml");
        assertTrue(run.out().contains("device: java"), run.out());
        JsonNode report = report("xor");
        assertEquals("xor", report.get("name").asText());
        assertEquals("java", report.get("device").asText());
        assertEquals("auto", report.get("deviceRequested").asText());
        assertEquals(report.get("deviceNotice").asText().startsWith("device: java"), report.get("fallback").asBoolean());
        assertEquals(2000, report.get("epochs").asInt());
        assertTrue(report.get("seconds").asDouble() > 0);
        assertTrue(report.get("samplesPerSecond").asDouble() > 0);
        // epochs 2..2000 alone: the figure held against nn bench, which warms up first
        assertTrue(report.get("steadySamplesPerSecond").asDouble() > 0, report.toString());
        assertEquals(1.0, report.get("train").get("accuracy").asDouble());
        assertTrue(report.get("train").get("loss").asDouble() < 0.1);
        assertFalse(report.has("test"));
        List<String> metrics = Files.readAllLines(out.resolve("xor/metrics.csv"));
        assertEquals("epoch,loss,accuracy", metrics.get(0));
        assertEquals(2001, metrics.size());
        assertTrue(metrics.get(2000).startsWith("2000,"));
        SavedModel model = ModelFile.load(out.resolve("xor/model.nnm"));
        assertEquals(List.of("x1", "x2"), model.featureNames());
        assertEquals(List.of("0", "1"), model.classNames());
        assertEquals(42, model.provenance().seed());
        assertEquals("binary_crossentropy", model.config().loss().yamlName());
        try (var files = Files.list(out.resolve("xor"))) {
            assertEquals(List.of(RunFolder.LOCK, "config.yaml", "metrics.csv", "model.nnm", "report.json", "training.png"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temp files left behind");
        }
    }

    @Test
    void irisGeneralisesToTheHeldOutSet() throws Exception {
        train("configs/iris.yaml");
        JsonNode report = report("iris");
        assertTrue(report.get("test").get("accuracy").asDouble() >= 0.9, report.toString());
        assertEquals(36, report.get("test").get("rows").asInt());
        JsonNode confusion = report.get("test").get("confusionMatrix");
        int total = 0;
        int diagonal = 0;
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                total += confusion.get(t).get(p).asInt();
                diagonal += t == p ? confusion.get(t).get(p).asInt() : 0;
            }
        }
        assertEquals(36, total);
        assertEquals(report.get("test").get("accuracy").asDouble(), diagonal / 36.0, 1e-9);
        assertTrue(report.get("test").get("f1").asDouble() > 0.85, report.toString());
        SavedModel model = ModelFile.load(out.resolve("iris/model.nnm"));
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"), model.featureNames());
        assertEquals(List.of("setosa", "versicolor", "virginica"), model.classNames());
        assertEquals("standard", model.config().data().normalize().yamlName());
        // Provenance: each data file by role and SHA-256, the epochs trained and the final metrics.
        SavedModel.Provenance p = model.provenance();
        assertEquals(List.of("train", "test"), p.data().stream().map(SavedModel.DataFile::role).toList());
        assertEquals(sha256(Path.of("data/iris-train.csv")), p.data().get(0).sha256());
        assertEquals(sha256(Path.of("data/iris-test.csv")), p.data().get(1).sha256());
        assertEquals(200, p.epochs()); // configs/iris.yaml: 200 epochs, no early stopping
        assertFalse(p.device().isBlank());
        assertEquals(report.get("test").get("accuracy").asDouble(), p.metrics().get("test.accuracy"), 1e-12);
        assertTrue(p.metrics().containsKey("train.loss"), p.metrics().toString());
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }

    @Test
    void columnsSelectTheFeaturesByNameForTrainingAndTest() throws IOException {
        train("configs/iris.yaml", "--set", "name=petals", "--set", "network.input=2",
                "--set", "data.train.columns=[petal_width, petal_length]");
        SavedModel model = ModelFile.load(out.resolve("petals/model.nnm"));
        assertEquals(List.of("petal_width", "petal_length"), model.featureNames());
        assertEquals(2, model.network().inputs());
        assertTrue(report("petals").get("test").get("accuracy").asDouble() >= 0.9, report("petals").toString());
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        train("configs/iris.yaml", "--set", "name=a", "--set", "training.epochs=5");
        train("configs/iris.yaml", "--set", "name=b", "--set", "training.epochs=5");
        train("configs/iris.yaml", "--set", "name=c", "--set", "training.epochs=5", "--set", "seed=7");
        Network a = ModelFile.load(out.resolve("a/model.nnm")).network();
        Network b = ModelFile.load(out.resolve("b/model.nnm")).network();
        Network c = ModelFile.load(out.resolve("c/model.nnm")).network();
        for (int i = 0; i < a.layers().size(); i++) {
            assertArrayEquals(a.dense(i).weights(), b.dense(i).weights());
            assertArrayEquals(a.dense(i).biases(), b.dense(i).biases());
        }
        assertFalse(java.util.Arrays.equals(a.dense(0).weights(), c.dense(0).weights()));
    }

    @Test
    void seedNetworkWithoutBiasesTrains() throws IOException {
        train("configs/seed-xor.yaml", "--set", "training.epochs=50");
        SavedModel model = ModelFile.load(out.resolve("seed-xor/model.nnm"));
        for (Layer any : model.network().layers()) {
            DenseLayer layer = (DenseLayer) any;
            assertFalse(layer.hasBias());
            assertEquals(0, layer.biases().length);
        }
        assertEquals(2 * 3 + 3 * 1, model.network().parameterCount());
    }

    @Test
    void jsonPutsOnlyTheReportOnStdout() throws IOException {
        CliRun run = train("configs/xor.yaml", "--json", "--set", "training.epochs=10");
        // The whole of stdout is one JSON document; the human lines went to stderr.
        JsonNode report = JSON.readTree(run.out());
        assertTrue(report.isObject(), run.out());
        assertEquals(1, run.out().strip().split("\n").length, run.out());
        assertEquals("xor", report.get("name").asText());
        assertEquals(10, report.get("epochs").asInt());
        assertTrue(run.err().contains("saved "), run.err());
    }

    @Test
    void progressIsPrintedUnlessQuiet() {
        CliRun run = CliRun.of("configs/xor.yaml", "--output-dir", out.toString(), "--set", "training.epochs=20");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("epoch  1/20  loss "), run.out());
        assertTrue(run.out().contains("epoch 20/20  loss "), run.out());
    }

    @Test
    void explicitTrainSubcommandWorksToo() {
        CliRun run = CliRun.of("train", "configs/xor.yaml", "--output-dir", out.toString(), "-q",
                "--set", "training.epochs=3");
        assertEquals(0, run.exitCode(), run.err());
    }

    @Test
    void adamTrainsIris() throws IOException {
        CliRun run = train("configs/iris.yaml", "--set", "name=iris-adam", "--set", "optimizer.type=adam",
                "--set", "optimizer.learning_rate=0.01", "--set", "training.epochs=100");
        assertTrue(run.out().contains("adam(learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1.0E-7)"), run.out());
        assertTrue(report("iris-adam").get("test").get("accuracy").asDouble() >= 0.9, report("iris-adam").toString());
    }

    @Test
    void momentumAndAdamwTrainIris() throws IOException {
        train("configs/iris.yaml", "--set", "name=iris-momentum", "--set", "optimizer.momentum=0.9",
                "--set", "optimizer.nesterov=true", "--set", "optimizer.learning_rate=0.02", "--set", "training.epochs=100");
        assertTrue(report("iris-momentum").get("test").get("accuracy").asDouble() >= 0.9);
        train("configs/iris.yaml", "--set", "name=iris-adamw", "--set", "optimizer.type=adamw",
                "--set", "optimizer.learning_rate=0.01", "--set", "optimizer.weight_decay=0.01", "--set", "training.epochs=100");
        assertTrue(report("iris-adamw").get("test").get("accuracy").asDouble() >= 0.9);
    }

    /** Iris with the given extra training keys (YAML flow entries) and layer keys, written to a temp file. */
    private String irisWith(String name, String training, String hidden) throws IOException {
        Path data = Path.of("data").toAbsolutePath();
        String yaml = "name: " + name + "\n"
                + "network:\n  input: 4\n  layers:\n"
                + "    - { units: 16, activation: relu" + hidden + " }\n"
                + "    - { units: 3, activation: softmax }\n"
                + "loss: categorical_crossentropy\n"
                + "optimizer: { type: adam, learning_rate: 0.01 }\n"
                + "training: { epochs: 150, batch_size: 16" + training + " }\n"
                + "data:\n"
                + "  train: { csv: " + data.resolve("iris-train.csv") + ", label: species }\n"
                + "  test: { csv: " + data.resolve("iris-test.csv") + ", label: species }\n"
                + "  normalize: standard\n";
        Path file = out.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file.toString();
    }

    @Test
    void validationSplitAndEarlyStoppingKeepTheBestEpoch() throws IOException {
        CliRun run = CliRun.of(irisWith("iris-es", ", validation_split: 0.25, "
                + "early_stopping: { monitor: val_loss, patience: 5 }", ""), "--output-dir", out.toString(),
                "--set", "training.epochs=400");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("val_loss "), run.out());
        assertTrue(run.out().contains("84 train rows") && run.out().contains("30 validation rows"), run.out());
        JsonNode report = report("iris-es");
        int best = report.get("bestEpoch").asInt();
        int epochs = report.get("epochs").asInt();
        assertTrue(report.get("stoppedEarly").asBoolean(), report.toString());
        assertEquals(epochs - 5, best, "patience 5: stopped 5 epochs after the best");
        List<String> metrics = Files.readAllLines(out.resolve("iris-es/metrics.csv"));
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy", metrics.get(0));
        assertEquals(epochs + 1, metrics.size());
        // The saved model is the best epoch's: its validation loss is the lowest in the log.
        double bestLogged = Double.POSITIVE_INFINITY;
        for (String line : metrics.subList(1, metrics.size())) {
            bestLogged = Math.min(bestLogged, Double.parseDouble(line.split(",")[3]));
        }
        assertEquals(bestLogged, report.get("validation").get("loss").asDouble(), 1e-5 * bestLogged);
        assertTrue(report.get("test").get("accuracy").asDouble() >= 0.9, report.toString());
    }

    @Test
    void dropoutL2ScheduleAndClippingTrainDeterministically() throws IOException {
        String config = irisWith("iris-reg", ", l2: 0.001, clip_norm: 1.0, validation_split: 0.2, "
                + "schedule: { type: cosine, warmup_epochs: 5 }", ", dropout: 0.2, init: he_uniform");
        train(config, "--set", "name=r1");
        train(config, "--set", "name=r2");
        Network a = ModelFile.load(out.resolve("r1/model.nnm")).network();
        Network b = ModelFile.load(out.resolve("r2/model.nnm")).network();
        for (int i = 0; i < a.layers().size(); i++) {
            assertArrayEquals(a.dense(i).weights(), b.dense(i).weights());
        }
        assertTrue(report("r1").get("test").get("accuracy").asDouble() >= 0.9, report("r1").toString());
    }

    @Test
    void shippedDatasetsReachTheirTargets() throws IOException {
        train("configs/wine.yaml");
        train("configs/breast-cancer.yaml");
        train("configs/digits.yaml");
        assertTrue(report("wine").get("test").get("accuracy").asDouble() >= 0.95, report("wine").toString());
        assertTrue(report("breast-cancer").get("test").get("accuracy").asDouble() >= 0.96,
                report("breast-cancer").toString());
        assertTrue(report("digits").get("test").get("accuracy").asDouble() >= 0.97, report("digits").toString());
    }

    @Test
    void regressionReportsErrorMetricsAndStopsEarly() throws IOException {
        train("configs/diabetes.yaml");
        JsonNode test = report("diabetes").get("test");
        assertEquals(110, test.get("rows").asInt());
        assertEquals(test.get("rmse").asDouble(), Math.sqrt(test.get("mse").asDouble()), 1e-9);
        assertTrue(test.get("r2").asDouble() > 0.3, test.toString());
        assertTrue(test.get("mae").asDouble() < test.get("rmse").asDouble());
        assertTrue(report("diabetes").get("bestEpoch").asInt() <= report("diabetes").get("epochs").asInt());
    }

    @Test
    void versionAndHelp() {
        CliRun version = CliRun.of("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("nn "), version.out());
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("130  interrupted"), help.out());
        assertTrue(help.out().contains("143  terminated (SIGTERM)"), help.out());
        CliRun trainHelp = CliRun.of("train", "--help");
        assertTrue(trainHelp.out().contains("--set=KEY=VALUE"), trainHelp.out());
    }

    @Test
    void noArgumentsIsBadInput() {
        CliRun run = CliRun.of();
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Usage: nn"), run.err());
    }

    @Test
    void unusableDeviceIsBadInput() {
        CliRun run = CliRun.of("configs/xor.yaml", "--output-dir", out.toString(), "--set", "device=gpu");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("nn: device 'gpu'"), run.err());
        assertFalse(Files.exists(out.resolve("xor")));
    }

    @Test
    void aDeviceIndexThatDoesNotExistIsBadInput() {
        CliRun run = CliRun.of("configs/xor.yaml", "--output-dir", out.toString(), "--set", "device=opencl",
                "--device-index", "57");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("nn: there is no OpenCL device 57; found "), run.err());
        CliRun negative = CliRun.of("configs/xor.yaml", "--output-dir", out.toString(), "--set", "device_index=-1");
        assertEquals(2, negative.exitCode());
        assertTrue(negative.err().contains("device_index: must be greater than or equal to 0, got -1"), negative.err());
    }

    @Test
    void divergenceExitsThree() {
        CliRun run = CliRun.of("configs/iris.yaml", "--output-dir", out.toString(), "-q",
                "--set", "optimizer.learning_rate=1e30", "--set", "data.normalize=none");
        assertEquals(3, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().startsWith("nn: training diverged"), run.err());
    }

    @Test
    void plainProgressLinesFollowLogEveryAndQuietPrintsNone() {
        CliRun lines = CliRun.of("configs/xor.yaml", "--output-dir", out.toString(), "--set", "training.epochs=20",
                "--log-every", "5");
        assertEquals(0, lines.exitCode(), lines.err());
        assertEquals(List.of("epoch  1/20", "epoch  5/20", "epoch 10/20", "epoch 15/20", "epoch 20/20"),
                lines.out().lines().filter(l -> l.startsWith("epoch")).map(l -> l.substring(0, 11)).toList());
        CliRun quiet = CliRun.of("configs/xor.yaml", "--output-dir", out.toString(), "--set", "training.epochs=20", "-q",
                "--overwrite");
        assertEquals(0, quiet.exitCode(), quiet.err());
        assertTrue(quiet.out().lines().noneMatch(l -> l.startsWith("epoch")), quiet.out());
        assertEquals(2, CliRun.of("configs/xor.yaml", "--output-dir", out.toString(), "--log-every", "0").exitCode());
    }
}
