package nn.examples;

import static nn.dsl.Optimizers.adam;
import static nn.dsl.Optimizers.sgd;
import static nn.spec.ActivationType.LINEAR;
import static nn.spec.ActivationType.RELU;
import static nn.spec.ActivationType.SIGMOID;
import static nn.spec.ActivationType.SOFTMAX;
import static nn.spec.LossType.BINARY_CROSSENTROPY;
import static nn.spec.LossType.CATEGORICAL_CROSSENTROPY;
import static nn.spec.LossType.MSE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.List;
import nn.config.ConfigLoader;
import nn.config.LoadedConfig;
import nn.dsl.AnnotatedNetworks;
import nn.dsl.DataSource;
import nn.dsl.DataSources;
import nn.run.Experiments;
import nn.dsl.Layer;
import nn.dsl.NetworkDeclaration;
import nn.dsl.Networks;
import nn.dsl.Training;
import nn.spec.DeviceType;
import nn.spec.LayerType;
import nn.spec.OptimizerType;
import nn.spec.EarlyStoppingSpec;
import nn.spec.ScheduleSpec;
import nn.spec.ScheduleType;
import nn.spec.ExperimentSpec;
import nn.spec.NormalizeType;
import nn.dsl.TrainingResult;
import nn.cli.Main;
import nn.io.ModelFile;
import nn.io.SavedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped config also written in the Java DSL (these are the README's examples): the DSL
 * builds the same spec as the YAML, and trains and saves the same weights as {@code nn train}.
 */
class DslExamplesTest {
    private static final DataSource XOR_DATA = DataSources.inline(
            new double[] {0, 0, 0}, new double[] {0, 1, 1}, new double[] {1, 0, 1}, new double[] {1, 1, 0});

    static Training xor() {
        return Training.of(Networks.builder().input(2).dense(3, RELU).dense(1, SIGMOID))
                .name("xor").seed(42).device(DeviceType.AUTO)
                .loss(BINARY_CROSSENTROPY).optimizer(sgd(0.5)).epochs(2000).batchSize(4).shuffle(true);
    }

    static Training seedXor() {
        return Training.of(Networks.builder().input(2).dense(3, RELU, false).dense(1, SIGMOID, false))
                .name("seed-xor").loss(BINARY_CROSSENTROPY).optimizer(sgd(0.1)).epochs(10000).batchSize(4).shuffle(false);
    }

    static Training iris() {
        return Training.of(Networks.builder().input(4).dense(16, RELU).dense(3, SOFTMAX))
                .name("iris").loss(CATEGORICAL_CROSSENTROPY).optimizer(sgd(0.1)).epochs(200).batchSize(16)
                .normalize(NormalizeType.STANDARD)
                .test(DataSources.csv(Path.of("data/iris-test.csv")).label("species"));
    }

    static Training irisBatchNorm() {
        return Training.of(Networks.builder().input(4).dense(16, RELU).batchNorm().dense(3, SOFTMAX))
                .name("iris-batchnorm").loss(CATEGORICAL_CROSSENTROPY).optimizer(adam(0.01)).epochs(100).batchSize(16)
                .normalize(NormalizeType.STANDARD)
                .test(DataSources.csv(Path.of("data/iris-test.csv")).label("species"));
    }

    static Training wine() {
        return Training.of(Networks.builder().input(13).dense(16, RELU).dropout(0.1).dense(3, SOFTMAX))
                .name("wine").loss(CATEGORICAL_CROSSENTROPY).optimizer(adam(0.002)).epochs(60).batchSize(8).l2(0.01)
                .normalize(NormalizeType.STANDARD).test(DataSources.csv(Path.of("data/wine-test.csv")).label("cultivar"));
    }

    static Training breastCancer() {
        return Training.of(Networks.builder().input(30).dense(32, RELU).dropout(0.2).dense(1, SIGMOID))
                .name("breast-cancer").loss(BINARY_CROSSENTROPY).optimizer(adam(0.001)).epochs(60).batchSize(16).l2(0.01)
                .normalize(NormalizeType.STANDARD)
                .test(DataSources.csv(Path.of("data/breast-cancer-test.csv")).label("diagnosis"));
    }

    static Training digits() {
        return Training.of(Networks.builder().input(64).dense(128, RELU).dropout(0.2).dense(10, SOFTMAX))
                .name("digits").loss(CATEGORICAL_CROSSENTROPY).optimizer(adam(0.002)).epochs(60).batchSize(32).l2(0.0001)
                .schedule(new ScheduleSpec(ScheduleType.COSINE, null, null, null))
                .normalize(NormalizeType.MINMAX).test(DataSources.csv(Path.of("data/digits-test.csv")).label("digit"));
    }

    static Training diabetes() {
        return Training.of(Networks.builder().input(10).dense(16, RELU).dense(1, LINEAR))
                .name("diabetes").loss(MSE).optimizer(adam(0.01)).epochs(200).batchSize(32)
                .validationSplit(0.2).earlyStopping(new EarlyStoppingSpec(EarlyStoppingSpec.Monitor.VAL_LOSS, 20, null, null))
                .normalize(NormalizeType.STANDARD)
                .test(DataSources.csv(Path.of("data/diabetes-test.csv")).label("progression"));
    }

    static final DataSource IRIS_TRAIN = DataSources.csv(Path.of("data/iris-train.csv")).label("species");

    @NetworkDeclaration(input = 2, loss = BINARY_CROSSENTROPY, learningRate = 0.5)
    static final class Xor {
        @Layer(units = 3, activation = RELU)
        Object hidden;
        @Layer(units = 1, activation = SIGMOID)
        Object output;
    }

    @NetworkDeclaration(input = 4, loss = CATEGORICAL_CROSSENTROPY, optimizer = OptimizerType.ADAM, learningRate = 0.01)
    static final class IrisBatchNorm {
        @Layer(units = 16, activation = RELU)
        Object hidden;
        @Layer(type = LayerType.BATCH_NORM)
        Object normalised;
        @Layer(units = 3, activation = SOFTMAX)
        Object output;
    }

    private static ExperimentSpec yaml(String config) {
        try (ConfigLoader loader = new ConfigLoader()) {
            LoadedConfig loaded = loader.load(Path.of(config), List.of());
            return Experiments.withAbsolutePaths(loaded.spec(), loaded.baseDir());
        }
    }

    private static ExperimentSpec java(ExperimentSpec spec) {
        return Experiments.withAbsolutePaths(spec, Path.of(""));
    }

    @Test
    void dslBuildsTheSameSpecAsEachConfig() {
        assertEquals(yaml("configs/xor.yaml"), java(xor().spec(XOR_DATA)));
        assertEquals(yaml("configs/seed-xor.yaml"), java(seedXor().spec(XOR_DATA)));
        assertEquals(yaml("configs/iris.yaml"), java(iris().spec(IRIS_TRAIN)));
        assertEquals(yaml("configs/iris-batchnorm.yaml"), java(irisBatchNorm().spec(IRIS_TRAIN)));
        assertEquals(yaml("configs/wine.yaml"), java(wine().spec(DataSources.csv(Path.of("data/wine-train.csv")).label("cultivar"))));
        assertEquals(yaml("configs/breast-cancer.yaml"),
                java(breastCancer().spec(DataSources.csv(Path.of("data/breast-cancer-train.csv")).label("diagnosis"))));
        assertEquals(yaml("configs/digits.yaml"), java(digits().spec(DataSources.csv(Path.of("data/digits-train.csv")).label("digit"))));
        assertEquals(yaml("configs/diabetes.yaml"),
                java(diabetes().spec(DataSources.csv(Path.of("data/diabetes-train.csv")).label("progression"))));
    }

    @Test
    void classWeightsAndCheckpointsReadTheSameInBothFaces() {
        ExperimentSpec fromYaml;
        try (ConfigLoader loader = new ConfigLoader()) {
            LoadedConfig loaded = loader.load(Path.of("configs/iris.yaml"), List.of("training.class_weights=balanced",
                    "training.checkpoint_every=50"));
            fromYaml = Experiments.withAbsolutePaths(loaded.spec(), loaded.baseDir());
        }
        assertEquals(fromYaml, java(iris().balancedClassWeights().checkpointEvery(50).spec(IRIS_TRAIN)));
        try (ConfigLoader loader = new ConfigLoader()) {
            LoadedConfig loaded = loader.load(Path.of("configs/iris.yaml"),
                    List.of("training.class_weights={setosa: 1.0, versicolor: 2.0, virginica: 0.5}"));
            fromYaml = Experiments.withAbsolutePaths(loaded.spec(), loaded.baseDir());
        }
        assertEquals(fromYaml, java(iris().classWeights(java.util.Map.of("setosa", 1.0, "versicolor", 2.0,
                "virginica", 0.5)).spec(IRIS_TRAIN)));
    }

    @Test
    void annotatedClassBuildsTheSameSpecAsTheDsl() {
        Training annotated = AnnotatedNetworks.training(Xor.class).name("xor").epochs(2000).batchSize(4);
        assertEquals(xor().spec(XOR_DATA), annotated.spec(XOR_DATA));
    }

    @Test
    void annotatedBatchNormBuildsTheSameSpecAsTheDsl() {
        Training annotated = AnnotatedNetworks.training(IrisBatchNorm.class).name("iris-batchnorm").epochs(100)
                .batchSize(16).normalize(NormalizeType.STANDARD)
                .test(DataSources.csv(Path.of("data/iris-test.csv")).label("species"));
        assertEquals(irisBatchNorm().spec(IRIS_TRAIN), annotated.spec(IRIS_TRAIN));
    }

    @Test
    void irisBatchNormTwinReachesTheAccuracyOfItsConfig() {
        TrainingResult fromDsl = irisBatchNorm().device(DeviceType.JAVA).fit(IRIS_TRAIN);
        assertTrue(fromDsl.test().metric() >= 0.9, "iris-batchnorm test accuracy " + fromDsl.test().metric());
    }

    /**
     * The done-when of the run seam: each twin trains through {@code Training.fit} and {@code save}
     * to a model directory whose weights are bitwise those {@code nn train} writes for the config
     * (diabetes with its validation split and early stopping included). Both sides run on Java.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("twins")
    void dslTwinSavesTheWeightsNnTrainSaves(String config, Training twin, DataSource train, @TempDir Path dir) {
        Path fromDsl = twin.device(DeviceType.JAVA).outputDir(dir.resolve("dsl")).fit(train).save(dir.resolve("dsl-model"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"train", config, "-q", "--set", "device=java", "--output-dir",
                dir.resolve("cli").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        Path fromCli = dir.resolve("cli").resolve(ModelFile.load(fromDsl.resolve(ModelFile.NAME)).name());
        for (String file : List.of(ModelFile.NAME, "config.yaml", "metrics.csv", "report.json", "training.png")) {
            assertTrue(Files.isRegularFile(fromDsl.resolve(file)), file + " missing from the DSL's model directory");
        }
        SavedModel dsl = ModelFile.load(fromDsl.resolve(ModelFile.NAME));
        SavedModel cli = ModelFile.load(fromCli.resolve(ModelFile.NAME));
        assertEquals(cli.network(), dsl.network(), config);
        assertEquals(cli.provenance().epochs(), dsl.provenance().epochs(), config + ": epochs trained");
    }

    static Stream<Arguments> twins() {
        return Stream.of(
                Arguments.of("configs/xor.yaml", xor(), XOR_DATA),
                Arguments.of("configs/seed-xor.yaml", seedXor(), XOR_DATA),
                Arguments.of("configs/iris.yaml", iris(), IRIS_TRAIN),
                Arguments.of("configs/iris-batchnorm.yaml", irisBatchNorm(), IRIS_TRAIN),
                Arguments.of("configs/wine.yaml", wine(), DataSources.csv(Path.of("data/wine-train.csv")).label("cultivar")),
                Arguments.of("configs/breast-cancer.yaml", breastCancer(),
                        DataSources.csv(Path.of("data/breast-cancer-train.csv")).label("diagnosis")),
                Arguments.of("configs/digits.yaml", digits(), DataSources.csv(Path.of("data/digits-train.csv")).label("digit")),
                Arguments.of("configs/diabetes.yaml", diabetes(),
                        DataSources.csv(Path.of("data/diabetes-train.csv")).label("progression")));
    }

    @Test
    void aSavedDslModelIsReadByEveryCommandAndCheckpointsAreWritten(@TempDir Path dir) {
        Path model = iris().device(DeviceType.JAVA).checkpointEvery(100).outputDir(dir.resolve("runs"))
                .fit(IRIS_TRAIN).save(dir.resolve("iris"));
        assertTrue(Files.isDirectory(dir.resolve("runs/iris/checkpoints")), "checkpoint_every writes checkpoints");
        for (String[] args : List.of(new String[] {"summary", model.toString()}, new String[] {"explain", model.toString()},
                new String[] {"evaluate", model.toString(), "--data", "data/iris-test.csv"},
                new String[] {"predict", model.toString(), "-i", "data/iris-test.csv"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(0, code, String.join(" ", args) + ": " + err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void diabetesTwinScoresItsValidationSplitAndStopsEarly() {
        TrainingResult r = diabetes().device(DeviceType.JAVA)
                .fit(DataSources.csv(Path.of("data/diabetes-train.csv")).label("progression"));
        assertNotNull(r.validation(), "validation_split rows are scored");
        assertNotNull(r.test());
        assertTrue(r.history().stream().allMatch(m -> m.hasValidation()), "validation scored every epoch");
        assertTrue(r.stoppedEarly() || r.history().size() == 200, "early stopping ran");
    }
}
