package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import nn.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad data files through the CLI: each is refused with exit code 2 and one line naming the file,
 * row (line) and column (cell), and the harmless variants (a byte-order mark, CRLF line ends,
 * quoted cells holding commas) train as well as the plain file.
 */
class BadDataTest {
    private static final String GOOD = "a,b,kind\n0,0,red\n0,1,blue\n1,0,blue\n1,1,red\n";

    @TempDir
    Path dir;

    private Path config(String train, String test) throws IOException {
        Files.writeString(dir.resolve("train.csv"), train);
        String testLine = "";
        if (test != null) {
            Files.writeString(dir.resolve("test.csv"), test);
            testLine = "  test: { csv: test.csv, label: kind }\n";
        }
        return Files.writeString(dir.resolve("run.yaml"), """
                name: bad-data
                device: java
                network:
                  input: 2
                  layers:
                    - { units: 4, activation: tanh }
                    - { units: 2, activation: softmax }
                loss: categorical_crossentropy
                optimizer: { type: sgd, learning_rate: 0.5 }
                training: { epochs: 3, batch_size: 2 }
                data:
                  train: { csv: train.csv, label: kind }
                """ + testLine);
    }

    private CliRun train(String train, String test) throws IOException {
        return CliRun.of(config(train, test).toString(), "--output-dir", dir.resolve("models").toString(), "-q");
    }

    private String refusedTraining(String train, String test) throws IOException {
        CliRun run = train(train, test);
        assertEquals(2, run.exitCode(), run.err());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run.err());
        return lines.get(0).replace(dir.resolve("train.csv").toString(), "TRAIN")
                .replace(dir.resolve("test.csv").toString(), "TEST");
    }

    @Test
    void raggedRow() throws IOException {
        assertEquals("nn: TRAIN:3:1: row has 2 cells; expected 3 like the header",
                refusedTraining("a,b,kind\n0,0,red\n0,blue\n", null));
    }

    @Test
    void nonNumericCell() throws IOException {
        assertEquals("nn: TRAIN:4:2: column 'b' holds 2 numbers and 1 other values such as 'one', so its type cannot "
                + "be inferred; declare it (data.features: {b: categorical}) or list 'one' in na_values",
                refusedTraining("a,b,kind\n0,0,red\n0,1,blue\n1,one,blue\n", null));
    }

    @Test
    void nanCellIsMissingAndRefusedUnderMissingError() throws IOException {
        // NaN is one of the default na_values: imputed (plus an indicator input, so 3 inputs for input: 2) ...
        assertEquals(dir.resolve("run.yaml") + ":4:10: network.input: the training data has 3 inputs once "
                + "encoded (a, a_na, b); expected 3 (or auto), got 2", refusedTraining("a,b,kind\n0,0,red\nNaN,1,blue\n", null));
        // ... and refused at its cell when missing values are errors.
        CliRun run = CliRun.of(config("a,b,kind\n0,0,red\nNaN,1,blue\n", null).toString(), "--set", "data.missing=error",
                "--output-dir", dir.resolve("models").toString(), "-q");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("nn: " + dir.resolve("train.csv") + ":3:1: column 'a' has a missing value and missing is 'error'; "
                + "fill it in, or let it be imputed (missing: median)", run.err().strip());
    }

    @Test
    void infinityAndOverflowingCells() throws IOException {
        assertEquals("nn: TRAIN:3:2: feature column 'b': '-Infinity' is not a finite number",
                refusedTraining("a,b,kind\n0,0,red\n0,-Infinity,blue\n", null));
        assertEquals("nn: TRAIN:2:1: feature column 'a': '1e39' is not a finite number",
                refusedTraining("a,b,kind\n1e39,0,red\n0,1,blue\n", null));
    }

    @Test
    void emptyFile() throws IOException {
        assertEquals("nn: TRAIN:1:1: the file is empty; expected a header row naming the columns",
                refusedTraining("", null));
    }

    @Test
    void headerOnly() throws IOException {
        assertEquals("nn: TRAIN:2:1: no data rows after the header", refusedTraining("a,b,kind\n", null));
    }

    @Test
    void labelUnseenInTrainingAtTestTime() throws IOException {
        assertEquals("nn: TEST:3:3: label 'green' was not seen in the training data; the classes are blue, red",
                refusedTraining(GOOD, "a,b,kind\n0,0,red\n1,1,green\n"));
    }

    @Test
    void unterminatedQuote() throws IOException {
        // Jackson notices at the end of the file, which is where it points.
        assertEquals("nn: TRAIN:4:1: cannot read CSV: Missing closing quote for value",
                refusedTraining("a,b,kind\n0,0,red\n0,1,\"blue\n", null));
    }

    @Test
    void notUtf8() throws IOException {
        Path latin1 = dir.resolve("train.csv");
        config(GOOD, null);
        Files.write(latin1, "a,b,kind\n0,0,r\u00f6d\n0,1,blue\n".getBytes(StandardCharsets.ISO_8859_1));
        CliRun run = CliRun.of(dir.resolve("run.yaml").toString(), "--output-dir", dir.resolve("models").toString(), "-q");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("nn: " + latin1 + ": the file is not UTF-8 text", run.err().strip());
    }

    @Test
    void byteOrderMarkAndCrlfAndQuotedCommasWork() throws IOException {
        String quirky = "\uFEFFa,b,kind\r\n0,0,\"red, dark\"\r\n0,1,blue\r\n1,0,blue\r\n1,1,\"red, dark\"\r\n";
        CliRun run = train(quirky, quirky);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("a", "b"), ModelFile.load(dir.resolve("models/bad-data/model.nnm")).featureNames(),
                "the byte-order mark is not part of the first column's name");
        Path predictions = dir.resolve("p.csv");
        Path plain = Files.writeString(dir.resolve("plain.csv"), "a,b\n0,0\n1,1\n");
        CliRun predict = CliRun.of("predict", dir.resolve("models/bad-data").toString(), "-i", plain.toString(),
                "-o", predictions.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        List<String> lines = Files.readAllLines(predictions);
        assertEquals("prediction,p_blue,\"p_red, dark\"", lines.get(0));
        assertEquals(3, lines.size());
    }

    @Test
    void networkTooBigForTheHeapIsRefusedBeforeAnyWeightIsDrawn() throws IOException {
        Path yaml = config(GOOD, null);
        Files.writeString(yaml, Files.readString(yaml).replace("- { units: 4, activation: tanh }",
                "- { units: 200000, activation: tanh }\n    - { units: 200000, activation: tanh }"));
        long start = System.nanoTime();
        CliRun run = CliRun.of(yaml.toString(), "--output-dir", dir.resolve("models").toString(), "-q");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(2, run.exitCode(), run.err());
        String line = run.err().strip();
        assertTrue(line.matches(Pattern.quote(yaml.toString()) + ":6:5: network\\.layers: the run needs about 447\\.1 GiB, "
                + "most of it parameters and their gradients \\(447\\.0 GiB\\), but this JVM may use [0-9.]+ [MG]iB "
                + "\\(75% of its [0-9.]+ [MG]iB heap\\); expected fewer or smaller layers, or a larger heap \\(java -Xmx\\.\\.\\.\\)"),
                line);
        assertTrue(millis < 2000, "refused in " + millis + " ms");
    }

    @Test
    void predictRefusesRowsThatLackTheModelsColumns() throws IOException {
        assertEquals(0, train(GOOD, null).exitCode());
        Path input = Files.writeString(dir.resolve("in.csv"), "a,c\n1,2\n");
        CliRun run = CliRun.of("predict", dir.resolve("models/bad-data").toString(), "-i", input.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("nn: " + input + ":1:1: missing feature column 'b' that the model was trained with; "
                + "the columns are a, c", run.err().strip());
    }

    @Test
    void predictLocatesABadCell() throws IOException {
        assertEquals(0, train(GOOD, null).exitCode());
        Path input = Files.writeString(dir.resolve("in.csv"), "b,a\n1,2\n3,x\n");
        CliRun run = CliRun.of("predict", dir.resolve("models/bad-data").toString(), "-i", input.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("nn: " + input + ":3:2: feature column 'a': 'x' is not a number (the column is numeric)",
                run.err().strip());
    }
}
