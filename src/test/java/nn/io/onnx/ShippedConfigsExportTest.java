package nn.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nn.cli.Main;
import nn.data.Dataset;
import nn.data.IdxSamples;
import nn.data.RawTable;
import nn.data.Tables;
import nn.io.ModelFile;
import nn.io.SavedModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped config, trained for two epochs (parity needs no good model), exported and run in
 * ONNX Runtime on its test file plus rows with missing cells and unseen categories: the same
 * labels, probabilities within 1e-5; and the ONNX checker accepts each file. fashion-mnist reads
 * IDX files from outside the repository: where they are installed it trains one epoch on the
 * 10,000 test images (to stay cheap) and is compared on 300 of them.
 */
class ShippedConfigsExportTest {
    private static final List<Path> EXPORTS = new ArrayList<>();
    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    static Path exports;

    @TempDir
    Path out;

    @AfterAll
    static void theOnnxCheckerAcceptsEveryExport() throws Exception {
        OnnxChecker.check(EXPORTS);
    }

    static Stream<String> configs() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("configs"))) {
            return files.map(p -> p.getFileName().toString().replace(".yaml", ""))
                    .filter(name -> !name.equals("fashion-mnist")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void exportMatchesNnOnTheTestSplit(String name) throws Exception {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        assertEquals(0, Main.run(new String[] {"configs/" + name + ".yaml", "--output-dir", out.toString(), "-q",
                "--set", "training.epochs=2", "--set", "device=java"}, sink, sink), name + " trains");
        Path model = out.resolve(name);
        SavedModel saved = ModelFile.load(model.resolve(ModelFile.NAME));
        RawTable table = OnnxParity.withHardCells(testTable(name, saved), saved);
        OnnxParity.Result result = OnnxParity.check(model, table);
        assertTrue(result.rows() >= 4, name);
        byte[] onnx = OnnxExporter.toBytes(saved, "test");
        OnnxParity.checkMetadata(onnx, saved);
        EXPORTS.add(Files.write(exports.resolve(name + ".onnx"), onnx));
    }

    @Test
    @EnabledIf("fashionMnistIsInstalled")
    void fashionMnistExportsWithOneInputPerPixel() throws Exception {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        String images = FASHION.resolve("t10k-images-idx3-ubyte.gz").toString();
        String labels = FASHION.resolve("t10k-labels-idx1-ubyte.gz").toString();
        assertEquals(0, Main.run(new String[] {"configs/fashion-mnist.yaml", "--output-dir", out.toString(), "-q",
                "--set", "training.epochs=1", "--set", "device=java", "--set", "data.train.idx.images=" + images,
                "--set", "data.train.idx.labels=" + labels}, sink, sink));
        Path model = out.resolve("fashion-mnist");
        SavedModel saved = ModelFile.load(model.resolve(ModelFile.NAME));
        Dataset test = IdxSamples.read(Path.of(images), Path.of(labels)).build(saved.featureNames(), saved.classNames(), false);
        List<String[]> rows = new ArrayList<>();
        int width = test.features();
        for (int r = 0; r < 300; r++) {
            String[] row = new String[width];
            for (int f = 0; f < width; f++) {
                row[f] = Float.toString(test.x()[r * width + f]);
            }
            rows.add(row);
        }
        RawTable table = new RawTable("t10k", saved.featureNames(), rows, new int[rows.size()]);
        assertEquals(784, saved.preprocessing().columnNames().size());
        assertEquals(300, OnnxParity.check(model, table).rows());
        EXPORTS.add(Files.write(exports.resolve("fashion-mnist.onnx"), OnnxExporter.toBytes(saved, "test")));
    }

    static boolean fashionMnistIsInstalled() {
        return Files.exists(FASHION.resolve("t10k-images-idx3-ubyte.gz"));
    }

    /** The config's test file, or for the inline XOR configs the four XOR rows. */
    private static RawTable testTable(String name, SavedModel saved) {
        String stem = name.replace("-batchnorm", "");
        Path csv = Path.of("data", stem + "-test.csv");
        if (Files.exists(csv)) {
            return Tables.csv(csv, csv.toString());
        }
        List<String[]> rows = new ArrayList<>();
        for (int a = 0; a <= 1; a++) {
            for (int b = 0; b <= 1; b++) {
                rows.add(new String[] {Integer.toString(a), Integer.toString(b)});
            }
        }
        return new RawTable("xor", saved.preprocessing().columnNames(), rows, new int[] {1, 2, 3, 4});
    }
}
