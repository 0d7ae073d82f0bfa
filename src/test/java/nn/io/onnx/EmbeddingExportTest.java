package nn.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import nn.cli.Main;
import nn.data.RawTable;
import nn.data.Tables;
import nn.io.ModelFile;
import nn.io.SavedModel;
import nn.network.EmbeddingLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table with an embedded 40-value column, a one-hot column with missing cells, a numeric column
 * with missing cells (median + indicator) and a three-class label, trained briefly; its export
 * must agree with nn on held-out rows, unseen shops, missing cells and NA spellings.
 */
class EmbeddingExportTest {
    @TempDir
    Path dir;

    private static String rows(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder("shop,size,color,label\n");
        String[] colors = {"red", "green", "blue", ""};
        for (int i = 0; i < count; i++) {
            int shop = random.nextInt(40);
            String size = random.nextInt(10) == 0 ? "NA" : String.format(Locale.ROOT, "%.3f", random.nextGaussian());
            csv.append("s").append(shop).append(',').append(size).append(',').append(colors[random.nextInt(4)])
                    .append(',').append("k" + shop % 3).append('\n');
        }
        return csv.toString();
    }

    @Test
    void embeddedAndOneHotColumnsExportAsNnPredicts() throws Exception {
        Files.writeString(dir.resolve("train.csv"), rows(1, 400));
        Path test = Files.writeString(dir.resolve("test.csv"), rows(2, 100) + "never-seen,0.5,red,k0\ns1,,,k1\ns2,NA,violet,k2\n");
        Path yaml = Files.writeString(dir.resolve("run.yaml"), """
                name: emb
                device: java
                loss: categorical_crossentropy
                optimizer: { type: adam, learning_rate: 0.02 }
                training: { epochs: 3, batch_size: 32 }
                network:
                  layers:
                    - { units: 8, activation: relu }
                    - { activation: softmax }
                data:
                  normalize: standard
                  train: { csv: train.csv, label: label }
                  features:
                    shop: { encoding: embedding, dim: 3 }
                """);
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        assertEquals(0, Main.run(new String[] {yaml.toString(), "--output-dir", dir.resolve("models").toString(), "-q"},
                sink, sink));
        Path model = dir.resolve("models/emb");
        SavedModel saved = ModelFile.load(model.resolve(ModelFile.NAME));
        assertInstanceOf(EmbeddingLayer.class, saved.network().layers().get(0));
        RawTable table = OnnxParity.withHardCells(Tables.csv(test, test.toString()), saved);
        assertEquals(table.rows().size(), OnnxParity.check(model, table).rows());
        OnnxChecker.check(List.of(Files.write(dir.resolve("emb.onnx"), OnnxExporter.toBytes(saved, "test"))));
    }
}
