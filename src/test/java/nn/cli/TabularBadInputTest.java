package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14's bad tabular input, through the CLI: a column whose type cannot be inferred, a
 * declared one-hot column with thousands of values, a label column that is not in the file and a
 * 1 MB category each give one line at the training file's {@code file:line:col} and exit 2; so
 * do a missing cell under a column's {@code missing: error} and an explicit input width that is
 * not the encoded width (at the config's key).
 */
class TabularBadInputTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"mixed", "one_hot", "label", "huge", "missing", "width"})
    void eachIsOneLineAtItsCellAndExitTwo(String kind) throws IOException {
        StringBuilder csv = new StringBuilder("a,b,y\n");
        String label = "y";
        String features = "";
        String network = "{ layers: [ { activation: sigmoid } ] }";
        String expected;
        switch (kind) {
            case "mixed" -> {
                csv.append("1,u,0\n2,v,1\n3,w,0\nthree,x,1\n");
                expected = "train.csv:5:1: column 'a' holds 3 numbers and 1 other values such as 'three'";
            }
            case "one_hot" -> {
                for (int i = 0; i < 1500; i++) {
                    csv.append(i).append(",k").append(i).append(",0\n");
                }
                features = "  features: { b: { encoding: one_hot } }\n";
                expected = "train.csv:1:2: column 'b' has 1500 distinct values; encoding: one_hot is capped at 1000";
            }
            case "label" -> {
                csv.append("1,u,0\n");
                label = "outcome";
                expected = "train.csv:1:1: no column named 'outcome'";
            }
            case "missing" -> {
                csv.append("1,u,0\n,v,1\n");
                features = "  features: { a: { missing: error } }\n";
                expected = "train.csv:3:1: column 'a' has a missing value and missing is 'error'";
            }
            case "width" -> {
                csv.append("1,u,0\n2,v,1\n");
                network = "{ input: 2, layers: [ { activation: sigmoid } ] }";
                expected = "run.yaml:5:19: network.input: the training data has 4 inputs once encoded (a, b=u, b=v, "
                        + "b=(other)); expected 4 (or auto), got 2";
            }
            default -> {
                csv.append("1,u,0\n2,").append("v".repeat(1 << 20)).append(",1\n");
                expected = "train.csv:3:2: column 'b': a 1048576-character category; categories are capped at 1000";
            }
        }
        Files.writeString(dir.resolve("train.csv"), csv);
        Path yaml = Files.writeString(dir.resolve("run.yaml"), """
                name: bad
                loss: binary_crossentropy
                optimizer: { type: sgd, learning_rate: 0.1 }
                training: { epochs: 1, batch_size: 8 }
                network: %s
                data:
                  train: { csv: train.csv, label: %s }
                %s""".formatted(network, label, features));
        for (String command : new String[] {"check", "train"}) {
            CliRun run = command.equals("check") ? CliRun.of("check", yaml.toString())
                    : CliRun.of(yaml.toString(), "--output-dir", dir.resolve("models").toString(), "-q");
            assertEquals(2, run.exitCode(), kind + " " + command + ": " + run.err());
            assertTrue(run.err().contains(expected), kind + " " + command + ": " + run.err());
            assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
            assertFalse(run.err().contains("Exception"), run.err());
        }
    }
}
