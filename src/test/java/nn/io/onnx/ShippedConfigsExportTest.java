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
import nn.data.RawTable;
import nn.data.Tables;
import nn.io.ModelFile;
import nn.io.SavedModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped config whose data is in the repository (all but fashion-mnist, whose IDX files
 * live outside it; {@link NetworkExportTest} covers an all-numeric model), trained for two epochs
 * (parity needs no good model), exported and run in ONNX Runtime on its test file plus rows
 * with missing cells and unseen categories: the same labels, probabilities within 1e-5; and the
 * ONNX checker accepts each file.
 */
class ShippedConfigsExportTest {
    private static final List<Path> EXPORTS = new ArrayList<>();

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
