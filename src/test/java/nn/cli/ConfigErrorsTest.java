package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of bad config gives exit 2 and exactly one line on stderr naming file, line, column
 * and key; nothing is trained and nothing is written.
 */
class ConfigErrorsTest {
    private static final String XOR = """
            name: xor
            seed: 42
            network:
              input: 2
              layers:
                - { units: 3, activation: relu }
                - { units: 1, activation: sigmoid }
            loss: binary_crossentropy
            optimizer: { type: sgd, learning_rate: 0.5 }
            training: { epochs: 5, batch_size: 4 }
            data:
              train: { inline: [[0,0,0],[0,1,1],[1,0,1],[1,1,0]] }
            """;

    @TempDir
    Path dir;

    private String fails(String yaml, String... extraArgs) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        String[] args = new String[extraArgs.length + 3];
        args[0] = file.toString();
        args[1] = "--output-dir";
        args[2] = dir.resolve("models").toString();
        System.arraycopy(extraArgs, 0, args, 3, extraArgs.length);
        CliRun run = CliRun.of(args);
        assertEquals(2, run.exitCode(), run.err());
        assertFalse(Files.exists(dir.resolve("models")), "nothing may be written for a bad config");
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        return run.err().strip().replace(file.toString(), "FILE");
    }

    @Test
    void unknownKeySuggestsTheClosest() throws IOException {
        assertEquals("FILE:6:19: network.layers[0]: unknown key 'activaton'; did you mean 'activation'?",
                fails(XOR.replace("units: 3, activation", "units: 3, activaton")));
    }

    @Test
    void aDistributedConfigIsForNnSpark() throws IOException {
        String err = fails(XOR + "distributed: { backend: spark, partitions: 2 }\n");
        assertEquals("FILE:13:14: distributed: this config trains on a cluster; run it with nn-spark (see the README's "
                + "'Training on Spark'), or remove the distributed block to train on this machine", err);
    }

    @Test
    void unknownTopLevelKey() throws IOException {
        assertEquals("FILE:2:1: unknown key 'sed' at the top level; did you mean 'seed'?",
                fails(XOR.replace("seed: 42", "sed: 42")));
    }

    @Test
    void wrongType() throws IOException {
        assertEquals("FILE:6:16: network.layers[0].units: expected an integer, got 'three'",
                fails(XOR.replace("units: 3,", "units: three,")));
    }

    @Test
    void floatForAnInteger() throws IOException {
        assertEquals("FILE:6:16: network.layers[0].units: expected an integer, got 3.7",
                fails(XOR.replace("units: 3,", "units: 3.7,")));
    }

    @Test
    void quotedNumberIsNotANumber() throws IOException {
        assertEquals("FILE:10:21: training.epochs: expected an integer, got '5'",
                fails(XOR.replace("epochs: 5", "epochs: \"5\"")));
    }

    @Test
    void negativeUnits() throws IOException {
        assertEquals("FILE:6:16: network.layers[0].units: must be greater than 0, got -3",
                fails(XOR.replace("units: 3,", "units: -3,")));
    }

    @Test
    void zeroEpochs() throws IOException {
        assertEquals("FILE:10:21: training.epochs: must be greater than 0, got 0",
                fails(XOR.replace("epochs: 5", "epochs: 0")));
    }

    @Test
    void negativeLearningRate() throws IOException {
        assertEquals("FILE:9:40: optimizer.learning_rate: must be greater than 0, got -0.5",
                fails(XOR.replace("learning_rate: 0.5", "learning_rate: -0.5")));
    }

    @Test
    void unknownEnumValueListsTheAllowedOnes() throws IOException {
        assertEquals("FILE:7:31: network.layers[1].activation: unknown value 'sigmod'; expected one of linear, relu, "
                        + "leaky_relu, sigmoid, tanh, softmax, swish; did you mean 'sigmoid'?",
                fails(XOR.replace("activation: sigmoid", "activation: sigmod")));
    }

    @Test
    void missingRequiredKey() throws IOException {
        assertEquals("FILE:6:7: network.layers[0]: missing required key 'units'",
                fails(XOR.replace("units: 3, ", "")));
    }

    @Test
    void severalProblemsAreAllReportedInFileOrder() throws IOException {
        assertEquals("FILE:6:16: network.layers[0].units: must be greater than 0, got 0\n"
                        + "FILE:10:21: training.epochs: must be greater than 0, got -1",
                fails(XOR.replace("units: 3,", "units: 0,").replace("epochs: 5", "epochs: -1")));
    }

    @Test
    void unknownKeysAndWrongTypesAreAllReportedInFileOrder() throws IOException {
        assertEquals("FILE:2:1: unknown key 'sed' at the top level; did you mean 'seed'?\n"
                        + "FILE:6:16: network.layers[0].units: expected an integer, got 2.5\n"
                        + "FILE:7:31: network.layers[1].activation: unknown value 'sigmod'; expected one of linear, relu, "
                        + "leaky_relu, sigmoid, tanh, softmax, swish; did you mean 'sigmoid'?\n"
                        + "FILE:10:13: training: unknown key 'epochz'; did you mean 'epochs'?",
                fails(XOR.replace("seed:", "sed:").replace("units: 3,", "units: 2.5,")
                        .replace("activation: sigmoid", "activation: sigmod").replace("epochs: 5", "epochz: 5")));
    }

    @Test
    void emptyFile() throws IOException {
        assertEquals("FILE:1:1: the file is empty; expected a mapping with the keys name, network, loss, "
                + "optimizer, training and data", fails(""));
    }

    @Test
    void yamlSyntaxError() throws IOException {
        assertEquals("FILE:3:11: YAML syntax error: mapping values are not allowed here",
                fails(XOR.replace("network:", "network: x:")));
    }

    @Test
    void duplicateKey() throws IOException {
        assertEquals("FILE:3:1: seed: duplicate key 'seed'; first given at line 2:1",
                fails(XOR.replace("seed: 42\n", "seed: 42\nseed: 43\n")));
    }

    @Test
    void aliasesAreRejected() throws IOException {
        assertEquals("FILE:9:12: optimizer: YAML anchors and aliases are not supported; write the value out\n"
                        + "FILE:10:11: training: YAML anchors and aliases are not supported; write the value out",
                fails(XOR.replace("optimizer: {", "optimizer: &o {").replace("training: { epochs: 5, batch_size: 4 }",
                        "training: *o")));
    }

    @Test
    void missingDataFile() throws IOException {
        String err = fails(XOR.replace("inline: [[0,0,0],[0,1,1],[1,0,1],[1,1,0]]", "csv: missing.csv"));
        String resolved = dir.resolve("missing.csv").toAbsolutePath().toString();
        assertEquals("FILE:12:17: data.train.csv: file not found: " + resolved
                + "; paths are relative to the config file's folder", err.replace(resolved, resolved));
    }

    @Test
    void raggedInlineRows() throws IOException {
        assertEquals("FILE:12:45: data.train.inline[3]: row has 2 values; expected 3 like the first row "
                + "(features, then the label)", fails(XOR.replace("[1,1,0]]", "[1,1]]")));
    }

    @Test
    void inputSizeMismatch() throws IOException {
        assertEquals("FILE:4:10: network.input: the training data has 2 feature columns (x1, x2); expected 2, got 3",
                fails(XOR.replace("input: 2", "input: 3")));
    }

    @Test
    void labelOutputMismatch() throws IOException {
        String iris = XOR.replace("units: 1, activation: sigmoid", "units: 2, activation: softmax")
                .replace("binary_crossentropy", "categorical_crossentropy")
                .replace("[[0,0,0],[0,1,1],[1,0,1],[1,1,0]]", "[[0,0,0],[0,1,1],[1,0,2],[1,1,0]]");
        assertEquals("FILE:7:16: network.layers[1].units: the data has 3 classes (0, 1, 2) but the output layer "
                + "has 2 units; expected 3", fails(iris));
    }

    @Test
    void lossNeedsProbabilities() throws IOException {
        assertEquals("FILE:7:31: network.layers[1].activation: binary_crossentropy needs outputs in (0, 1); "
                + "expected sigmoid or softmax on the output layer, got relu",
                fails(XOR.replace("activation: sigmoid", "activation: relu")));
    }

    @Test
    void badOverrideIsLocatedAtTheOverride() throws IOException {
        assertEquals("--set training.epoch=5: training: unknown key 'epoch'; did you mean 'epochs'?",
                fails(XOR, "--set", "training.epoch=5"));
        assertEquals("--set optimizer.learning_rate=0: optimizer.learning_rate: must be greater than 0, got 0",
                fails(XOR, "--set", "optimizer.learning_rate=0"));
    }

    @Test
    void optimizerKeyOfAnotherType() throws IOException {
        assertEquals("FILE:9:56: optimizer.momentum: 'momentum' does not apply to adam; expected only type, "
                        + "learning_rate, beta1, beta2, epsilon",
                fails(XOR.replace("type: sgd, learning_rate: 0.5", "type: adam, learning_rate: 0.5, momentum: 0.9")));
    }

    @Test
    void momentumOutOfRange() throws IOException {
        assertEquals("FILE:9:55: optimizer.momentum: must be less than 1, got 1.5",
                fails(XOR.replace("learning_rate: 0.5", "learning_rate: 0.5, momentum: 1.5")));
    }

    @Test
    void scheduleKeyOfAnotherType() throws IOException {
        assertEquals("FILE:10:72: training.schedule.gamma: 'gamma' applies to the step schedule; expected type: "
                        + "step, or no gamma with cosine",
                fails(XOR.replace("batch_size: 4 }", "batch_size: 4, schedule: { type: cosine, gamma: 0.5 } }")));
    }

    @Test
    void dropoutOnTheOutputLayer() throws IOException {
        assertEquals("FILE:7:49: network.layers[1].dropout: the output layer cannot drop units; expected dropout on "
                        + "hidden layers only",
                fails(XOR.replace("activation: sigmoid }", "activation: sigmoid, dropout: 0.5 }")));
    }

    @Test
    void dropoutOutOfRange() throws IOException {
        assertEquals("FILE:6:46: network.layers[0].dropout: must be less than 1, got 1",
                fails(XOR.replace("activation: relu }", "activation: relu, dropout: 1 }")));
    }

    @Test
    void earlyStoppingWithoutValidationData() throws IOException {
        assertEquals("FILE:10:55: training.early_stopping: early stopping monitors validation data; expected "
                        + "training.validation_split or data.validation as well",
                fails(XOR.replace("batch_size: 4 }", "batch_size: 4, early_stopping: { patience: 3 } }")));
    }

    /** XOR's inline data with labels a/b (classes), for the class weight checks. */
    private String classWeights(String weights) {
        return XOR.replace("batch_size: 4 }", "batch_size: 4, class_weights: " + weights + " }");
    }

    @Test
    void classWeightsNameUnknownClass() throws IOException {
        assertEquals("FILE:10:54: training.class_weights: unknown class '2'; expected one of 0, 1",
                fails(classWeights("{0: 1, 2: 3}")));
    }

    @Test
    void classWeightsMissingAClass() throws IOException {
        assertEquals("FILE:10:54: training.class_weights: no weight for class '1'; expected a weight for each of 0, 1",
                fails(classWeights("{0: 1}")));
    }

    @Test
    void classWeightsMustBePositive() throws IOException {
        assertEquals("FILE:10:54: training.class_weights: weight of class '1' must be a positive number, got 0",
                fails(classWeights("{0: 1, 1: 0}")));
    }

    @Test
    void classWeightsUnknownWord() throws IOException {
        assertEquals("FILE:10:54: training.class_weights: unknown value 'balance'; expected balanced or a mapping "
                + "of class name to weight", fails(classWeights("balance")));
    }

    @Test
    void classWeightsNeedClassification() throws IOException {
        assertEquals("FILE:10:54: training.class_weights: class weights apply to classification; regression (mse) "
                + "has no classes", fails(classWeights("balanced").replace("activation: sigmoid", "activation: linear")
                .replace("binary_crossentropy", "mse")));
    }

    @Test
    void unknownCsvColumnSuggestsTheClosest() throws IOException {
        Files.writeString(dir.resolve("t.csv"), "sepal_length,petal_length,species\n1,2,a\n3,4,b\n");
        String csv = "csv: t.csv, label: species, columns: [sepal_length, petal_lenght]";
        assertEquals("FILE:12:64: data.train.columns[1]: no column named 'petal_lenght' in " + dir.resolve("t.csv")
                + "; did you mean 'petal_length'?", fails(XOR.replace("inline: [[0,0,0],[0,1,1],[1,0,1],[1,1,0]]", csv)));
        String far = "csv: t.csv, label: species, columns: [width]";
        assertEquals("FILE:12:50: data.train.columns[0]: no column named 'width' in " + dir.resolve("t.csv")
                + "; the feature columns are sepal_length, petal_length",
                fails(XOR.replace("inline: [[0,0,0],[0,1,1],[1,0,1],[1,1,0]]", far)));
    }

    @Test
    void unknownInitListsTheSchemes() throws IOException {
        assertEquals("FILE:6:43: network.layers[0].init: unknown value 'kaiming'; expected one of he, he_normal, "
                        + "he_uniform, glorot, glorot_uniform, glorot_normal, xavier, xavier_uniform, xavier_normal",
                fails(XOR.replace("activation: relu }", "activation: relu, init: kaiming }")));
    }

    @Test
    void notUtf8() throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        CliRun run = CliRun.of(file.toString());
        assertEquals(2, run.exitCode());
        assertEquals(file + ":1:1: the file is not UTF-8 text", run.err().strip());
    }
}
