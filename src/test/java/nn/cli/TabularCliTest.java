package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import nn.io.ModelFile;
import nn.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV with text columns and empty cells trains, predicts and evaluates with a config naming only
 * the files, the label and the hidden layers; unseen categories and missing cells still predict.
 */
class TabularCliTest {
    @TempDir
    Path dir;

    /** color decides the class with size: red XOR size > 10; about 10% of cells empty. */
    private String rows(long seed, int count, boolean label) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder("id,color,size,weight" + (label ? ",label" : "") + "\n");
        String[] colors = {"red", "green", "blue"};
        for (int i = 0; i < count; i++) {
            String color = colors[random.nextInt(3)];
            double size = 10 + 3 * random.nextGaussian();
            boolean positive = color.equals("red") ^ size > 10;
            csv.append(i).append(',').append(random.nextDouble() < 0.05 ? "" : color).append(',')
                    .append(random.nextDouble() < 0.1 ? "" : String.format(Locale.ROOT, "%.3f", size)).append(',')
                    .append(String.format(Locale.ROOT, "%.2f", 50 + 10 * random.nextGaussian()));
            if (label) {
                csv.append(',').append(positive ? "yes" : "no");
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    private Path config(String loss, String label, String output, String extra) throws IOException {
        return Files.writeString(dir.resolve("run.yaml"), """
                name: tab
                device: java
                loss: %s
                optimizer: { type: adam, learning_rate: 0.01 }
                training: { epochs: 60, batch_size: 32 }
                network:
                  layers:
                    - { units: 16, activation: relu }
                    - { activation: %s }
                data:
                  normalize: standard
                  train: { csv: train.csv, label: %s, columns: [color, size, weight] }
                  test: { csv: test.csv, label: %s }
                %s""".formatted(loss, output, label, label, extra));
    }

    @Test
    void zeroConfigTrainsPredictsAndEvaluates() throws IOException {
        Files.writeString(dir.resolve("train.csv"), rows(1, 400, true));
        Files.writeString(dir.resolve("test.csv"), rows(2, 200, true));
        Path models = dir.resolve("models");
        CliRun train = CliRun.of(config("binary_crossentropy", "label", "sigmoid", "").toString(),
                "--output-dir", models.toString(), "-q");
        assertEquals(0, train.exitCode(), train.err());

        CliRun check = CliRun.of("check", dir.resolve("run.yaml").toString());
        assertEquals(0, check.exitCode(), check.err());
        assertTrue(check.out().contains("color   categorical"), check.out());
        assertTrue(check.out().contains("one-hot 3 categories + missing + other"), check.out());
        CliRun summary = CliRun.of("summary", models.resolve("tab").toString());
        assertTrue(summary.out().contains("size    numeric"), summary.out());
        assertTrue(summary.out().contains("(batch, 8)"), summary.out());

        Path input = Files.writeString(dir.resolve("new.csv"), "id,color,size,weight\n1,purple,,50\n2,red,12,NA\n3,,8,\n");
        CliRun predict = CliRun.of("predict", models.resolve("tab").toString(), "-i", input.toString(), "--keep", "id");
        assertEquals(0, predict.exitCode(), predict.err());
        List<String> lines = predict.out().lines().toList();
        assertEquals("id,prediction,p_no,p_yes", lines.get(0));
        assertEquals(4, lines.size(), predict.out());
        assertTrue(lines.get(2).startsWith("2,no,"), predict.out());
        CliRun strict = CliRun.of("predict", models.resolve("tab").toString(), "-i", input.toString(),
                "--threshold", "0.999");
        assertTrue(strict.out().lines().skip(1).allMatch(l -> l.startsWith("no,")), strict.out());

        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("test.csv"))));
            CliRun evaluate = CliRun.of("evaluate", models.resolve("tab").toString(), "--data", "-", "--json");
            assertEquals(0, evaluate.exitCode(), evaluate.err());
            double accuracy = Double.parseDouble(evaluate.out().replaceAll("(?s).*\"accuracy\":([0-9.]+).*", "$1"));
            assertTrue(accuracy > 0.85, evaluate.out());
        } finally {
            System.setIn(saved);
        }

        try (Model model = Model.load(models.resolve("tab"))) {
            assertEquals(List.of("color", "size", "weight"), model.columnNames());
            assertEquals("yes", model.predict(Map.of("color", "red", "size", 6.0, "weight", 50)).label());
            assertEquals("no", model.predict(Map.of("color", "red", "size", "15", "weight", "50")).label());
            assertEquals(2, model.predict(Map.of("color", "mauve")).probabilities().length);
        }
        assertTrue(Files.readString(models.resolve("tab/model.nnm"), StandardCharsets.ISO_8859_1)
                .contains("\"formatVersion\" : " + ModelFile.FORMAT_VERSION), "format 4 with fitted preprocessing");
    }

    @Test
    void regressionTargetsInTheThousandsComeBackInTheirUnits() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder train = new StringBuilder("color,size,weight,price\n");
        for (int i = 0; i < 400; i++) {
            String color = random.nextBoolean() ? "blue" : "red";
            double size = 10 + 3 * random.nextGaussian();
            double price = 1000 * size + (color.equals("blue") ? 3000 : 0) + 100 * random.nextGaussian();
            train.append(color).append(',').append(String.format(Locale.ROOT, "%.3f,%.1f,%.1f%n", size,
                    random.nextDouble(), price));
        }
        Files.writeString(dir.resolve("train.csv"), train.toString());
        Files.writeString(dir.resolve("test.csv"), train.toString());
        Path models = dir.resolve("models");
        String yaml = Files.readString(config("mse", "price", "linear", "").toString().transform(Path::of))
                .replace("columns: [color, size, weight]", "columns: [color, size]");
        Files.writeString(dir.resolve("run.yaml"), yaml);
        CliRun run = CliRun.of(dir.resolve("run.yaml").toString(), "--output-dir", models.toString(), "-q");
        assertEquals(0, run.exitCode(), run.err());
        try (Model model = Model.load(models.resolve("tab"))) {
            double blue = model.predict(Map.of("color", "blue", "size", 10)).value();
            assertEquals(13000, blue, 600, "a prediction in the label's units");
        }
        CliRun evaluate = CliRun.of("evaluate", models.resolve("tab").toString(), "--data",
                dir.resolve("test.csv").toString(), "--json");
        double r2 = Double.parseDouble(evaluate.out().replaceAll("(?s).*\"r2\":([0-9.]+).*", "$1"));
        double rmse = Double.parseDouble(evaluate.out().replaceAll("(?s).*\"rmse\":([0-9.]+).*", "$1"));
        assertTrue(r2 > 0.95, evaluate.out());
        assertTrue(rmse > 50 && rmse < 800, "rmse in the label's units: " + evaluate.out());
    }

    @Test
    void headerlessSemicolonFilesWithNames() throws IOException {
        Files.writeString(dir.resolve("train.csv"), rows(1, 300, true).lines().skip(1)
                .map(l -> l.replace(',', ';')).reduce("", (a, b) -> a + b + "\n"));
        Files.writeString(dir.resolve("test.csv"), rows(2, 100, true).replace(',', ';'));
        String yaml = Files.readString(config("binary_crossentropy", "label", "sigmoid", "").toString().transform(Path::of))
                .replace("train: { csv: train.csv,", "train: { csv: train.csv, header: false, delimiter: ';', "
                        + "names: [id, color, size, weight, label],")
                .replace("test: { csv: test.csv,", "test: { csv: test.csv, delimiter: ';',");
        Files.writeString(dir.resolve("run.yaml"), yaml);
        CliRun run = CliRun.of(dir.resolve("run.yaml").toString(), "--output-dir", dir.resolve("models").toString(), "-q");
        assertEquals(0, run.exitCode(), run.err());
        CliRun semicolons = CliRun.of("predict", dir.resolve("models/tab").toString(), "-i",
                dir.resolve("test.csv").toString(), "--delimiter", ";", "--keep", "id");
        assertEquals(0, semicolons.exitCode(), semicolons.err());
        assertEquals(101, semicolons.out().lines().count(), semicolons.out());
        Path headerless = Files.writeString(dir.resolve("nohead.csv"), "1,red,3,4\n2,blue,5,6\n");
        CliRun predict = CliRun.of("predict", dir.resolve("models/tab").toString(), "-i", headerless.toString());
        assertEquals(2, predict.exitCode(), predict.err());
        assertTrue(predict.err().contains("no header row?"), predict.err() + predict.out());
    }

    @Test
    void declaredTypesAndAMissingLabelColumn() throws IOException {
        Files.writeString(dir.resolve("train.csv"), rows(1, 100, true));
        Files.writeString(dir.resolve("test.csv"), rows(2, 50, true));
        config("binary_crossentropy", "outcome", "sigmoid", "");
        CliRun run = CliRun.of(dir.resolve("run.yaml").toString(), "--output-dir", dir.resolve("models").toString(), "-q");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("no column named 'outcome'"), run.err());
        config("binary_crossentropy", "label", "sigmoid", "  features: { size: categorical, weight: { missing: error } }\n");
        CliRun declared = CliRun.of("check", dir.resolve("run.yaml").toString());
        assertEquals(0, declared.exitCode(), declared.err());
        assertTrue(declared.out().contains("size    categorical"), declared.out());
    }
}
