package nn.examples;

import static nn.dsl.Optimizers.adam;
import static nn.spec.ActivationType.RELU;
import static nn.spec.ActivationType.SIGMOID;
import static nn.spec.ActivationType.SOFTMAX;
import static nn.spec.LossType.BINARY_CROSSENTROPY;
import static nn.spec.LossType.CATEGORICAL_CROSSENTROPY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import nn.cli.Main;
import nn.config.ConfigLoader;
import nn.config.LoadedConfig;
import nn.dsl.CsvSource;
import nn.dsl.DataSources;
import nn.dsl.Features;
import nn.dsl.Networks;
import nn.dsl.Training;
import nn.dsl.TrainingResult;
import nn.io.ModelFile;
import nn.io.SavedModel;
import nn.network.EmbeddingLayer;
import nn.run.Experiments;
import nn.spec.DeviceType;
import nn.spec.ExperimentSpec;
import nn.spec.MissingType;
import nn.spec.NormalizeType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DSL declares what a tabular config does: {@code auto} input and output widths, column
 * types, encodings, missing-value handling and the CSV dialect. Each twin builds the spec its
 * YAML builds and trains to bitwise the weights {@code nn train} saves for that YAML.
 */
class DslTabularTest {
    @TempDir
    Path dir;

    private static ExperimentSpec yaml(Path config, String... overrides) {
        try (ConfigLoader loader = new ConfigLoader()) {
            LoadedConfig loaded = loader.load(config, List.of(overrides));
            return Experiments.withAbsolutePaths(loaded.spec(), loaded.baseDir());
        }
    }

    /** configs/penguins.yaml: nothing declared, input and output auto. */
    private static Training penguins() {
        return Training.of(Networks.builder().dense(32, RELU).dense(SOFTMAX)).name("penguins")
                .loss(CATEGORICAL_CROSSENTROPY).optimizer(adam(0.001)).epochs(200).batchSize(32)
                .normalize(NormalizeType.STANDARD)
                .test(DataSources.csv(Path.of("data/penguins-test.csv")).label("species"));
    }

    /** Semicolons, no header row, "-" as the only missing marker, and every column declaration there is. */
    private static final String DECLARED = """
            name: declared
            seed: 9
            network:
              layers:
                - { units: 12, activation: relu }
                - { activation: sigmoid }
            loss: binary_crossentropy
            optimizer: { type: adam, learning_rate: 0.01 }
            training: { epochs: 6, batch_size: 16 }
            data:
              train: { csv: %s, label: y, delimiter: ";", header: false, names: [code, shop, city, income, age, y], na_values: ["-"] }
              normalize: standard
              missing: mean
              max_categories: 4
              min_frequency: 2
              embedding_above: 30
              features:
                code: categorical
                shop: { encoding: embedding, dim: 3 }
                city: { encoding: one_hot }
                income: { missing: constant, fill: 0 }
            """;

    private Training declared(Path csv) {
        CsvSource train = DataSources.csv(csv).label("y").delimiter(";")
                .headerless("code", "shop", "city", "income", "age", "y").naValues("-");
        return Training.of(Networks.builder().dense(12, RELU).dense(SIGMOID)).name("declared").seed(9)
                .loss(BINARY_CROSSENTROPY).optimizer(adam(0.01)).epochs(6).batchSize(16)
                .normalize(NormalizeType.STANDARD).missing(MissingType.MEAN).maxCategories(4).minFrequency(2)
                .embeddingAbove(30).categorical("code").feature("shop", Features.embedding(3))
                .feature("city", Features.oneHot()).feature("income", Features.constant(0));
    }

    private Path declaredData() throws IOException {
        SplittableRandom random = new SplittableRandom(4);
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 240; i++) {
            int code = 1 + random.nextInt(5);
            int shop = random.nextInt(40);
            String income = random.nextInt(10) == 0 ? "-" : String.format(Locale.ROOT, "%.1f", random.nextDouble() * 90);
            String age = random.nextInt(8) == 0 ? "-" : Integer.toString(18 + random.nextInt(60));
            csv.append(code).append(";s").append(shop).append(";c").append(random.nextInt(6)).append(';')
                    .append(income).append(';').append(age).append(';').append((code + shop) % 2 == 0 ? "yes" : "no")
                    .append('\n');
        }
        return Files.writeString(dir.resolve("declared.csv"), csv);
    }

    @Test
    void dslBuildsTheSpecsOfTabularConfigs() throws IOException {
        ExperimentSpec fromDsl = Experiments.withAbsolutePaths(
                penguins().spec(DataSources.csv(Path.of("data/penguins-train.csv")).label("species")), Path.of(""));
        assertEquals(yaml(Path.of("configs/penguins.yaml")), fromDsl);
        Path csv = declaredData();
        Path config = Files.writeString(dir.resolve("declared.yaml"), DECLARED.formatted(csv));
        assertEquals(yaml(config), declared(csv).spec(DataSources.csv(csv)
                .label("y").delimiter(";").headerless("code", "shop", "city", "income", "age", "y").naValues("-")));
    }

    @Test
    void autoWidthsNeedDataToBuildANetwork() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Networks.builder().dense(8, RELU).dense(SOFTMAX).build(1));
        assertTrue(e.getMessage().contains("auto widths come from the data"), e.getMessage());
    }

    private SavedModel cli(Path config, String... overrides) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new java.util.ArrayList<>(List.of("train", config.toString(), "-q", "--set", "device=java",
                "--output-dir", dir.resolve("cli").toString()));
        for (String o : overrides) {
            args.add("--set");
            args.add(o);
        }
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        int code = Main.run(args.toArray(String[]::new), sink, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        String name = yaml(config).name();
        return ModelFile.load(dir.resolve("cli").resolve(name).resolve(ModelFile.NAME));
    }

    /** The shipped example, as it is: the twins agree bitwise, and the README's accuracy holds (0.988 at seed 42). */
    @Test
    void penguinsTwinSavesTheWeightsNnTrainSaves() {
        TrainingResult result = penguins().device(DeviceType.JAVA)
                .fit(DataSources.csv(Path.of("data/penguins-train.csv")).label("species"));
        assertTrue(result.test().metric() >= 0.97, "penguins test accuracy " + result.test().metric());
        SavedModel dsl = ModelFile.load(result.save(dir.resolve("dsl")).resolve(ModelFile.NAME));
        SavedModel cli = cli(Path.of("configs/penguins.yaml"));
        assertEquals(cli.network(), dsl.network());
        assertEquals(cli.preprocessing(), dsl.preprocessing());
    }

    @Test
    void declaredTwinSavesTheWeightsNnTrainSaves() throws IOException {
        Path csv = declaredData();
        Path config = Files.writeString(dir.resolve("declared.yaml"), DECLARED.formatted(csv));
        CsvSource train = DataSources.csv(csv).label("y").delimiter(";")
                .headerless("code", "shop", "city", "income", "age", "y").naValues("-");
        Path saved = declared(csv).device(DeviceType.JAVA).fit(train).save(dir.resolve("dsl"));
        SavedModel dsl = ModelFile.load(saved.resolve(ModelFile.NAME));
        SavedModel cli = cli(config);
        assertTrue(dsl.network().layers().get(0) instanceof EmbeddingLayer, "shop is embedded");
        assertEquals(cli.network(), dsl.network());
        assertEquals(cli.preprocessing(), dsl.preprocessing());
    }
}
