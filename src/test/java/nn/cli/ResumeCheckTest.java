package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nn.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --resume} compares the checkpoint against the config before anything else (issue 13,
 * item 1): every difference is named and the run exits 2, even when the run had finished; a larger
 * {@code training.epochs} continues to the new count, a smaller one is refused.
 */
class ResumeCheckTest {
    @TempDir
    Path dir;

    private Path config() throws IOException {
        Path data = dir.resolve("xor.csv");
        if (!Files.exists(data)) {
            Files.writeString(data, "a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
        }
        Path yaml = dir.resolve("resume.yaml");
        Files.writeString(yaml, """
                name: resume
                seed: 3
                device: java
                network:
                  input: 2
                  layers:
                    - { units: 4, activation: tanh }
                    - { units: 1, activation: sigmoid }
                loss: binary_crossentropy
                optimizer: { type: sgd, learning_rate: 0.3, momentum: 0.5 }
                training: { epochs: 4, batch_size: 2, checkpoint_every: 2 }
                data:
                  train: { csv: xor.csv, label: y }
                """);
        return yaml;
    }

    private CliRun train(String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of(config().toString(), "--output-dir", dir.resolve("models").toString(),
                "-q"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aChangedConfigIsRefusedNamingEachDifferenceAlsoAfterTheRunFinished() throws IOException {
        assertEquals(0, train().exitCode());
        CliRun changed = train("--resume", "--set", "network.layers[0].units=8", "--set", "optimizer.type=adam",
                "--set", "optimizer.momentum=null", "--set", "seed=4", "--set", "loss=mse",
                "--set", "network.layers[1].activation=linear");
        String err = changed.err();
        assertEquals(2, changed.exitCode(), err);
        assertEquals(1, err.lines().count(), err);
        for (String key : List.of("network.layers[0].units: the checkpoint has 4, the config 8",
                "network.layers[1].activation", "loss: ", "optimizer.type: the checkpoint has sgd, the config adam",
                "optimizer.momentum: the checkpoint has 0.5, the config none", "seed: the checkpoint has 3, the config 4")) {
            assertTrue(err.contains(key), key + " in " + err);
        }
        assertFalse(changed.out().contains("network:"), "refused before the data was read: " + changed.out());
    }

    @Test
    void changedDataIsRefused() throws IOException {
        assertEquals(0, train().exitCode());
        Files.writeString(dir.resolve("xor.csv"), "a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,1\n");
        CliRun run = train("--resume");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("data.train: the data differs from what the checkpoint was trained on"), run.err());
        Files.delete(dir.resolve("xor.csv"));
        CliRun missing = CliRun.of(dir.resolve("resume.yaml").toString(), "--output-dir", dir.resolve("models").toString(),
                "-q", "--resume");
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("data.train.csv: file not found"), missing.err());
    }

    @Test
    void moreEpochsContinueAndFewerAreRefused() throws IOException {
        assertEquals(0, train().exitCode());
        CliRun fewer = train("--resume", "--set", "training.epochs=3");
        assertEquals(2, fewer.exitCode(), fewer.err());
        assertTrue(fewer.err().contains("training.epochs: the checkpoint has trained 4 epochs, the config asks for 3; "
                + "expected at least 4"), fewer.err());

        CliRun more = train("--resume", "--set", "training.epochs=7");
        assertEquals(0, more.exitCode(), more.err());
        Path model = dir.resolve("models/resume");
        assertEquals(7, ModelFile.load(model.resolve(ModelFile.NAME)).provenance().epochs());
        assertEquals(8, Files.readAllLines(model.resolve("metrics.csv")).size(), "a header and 7 epochs");
    }

    /** Widths left to the data ({@code auto}) resume: the checkpoint recorded what they resolved to. */
    @Test
    void aConfigWithAutoWidthsResumes() throws IOException {
        Path yaml = dir.resolve("auto.yaml");
        Files.writeString(dir.resolve("colors.csv"), "color,size,y\nred,1,0\nblue,2,1\nred,3,0\nblue,,1\n");
        Files.writeString(yaml, """
                name: auto
                device: java
                network:
                  layers:
                    - { units: 4, activation: tanh }
                    - { activation: sigmoid }
                loss: binary_crossentropy
                optimizer: { type: sgd, learning_rate: 0.3 }
                training: { epochs: 2, batch_size: 2, checkpoint_every: 1 }
                data:
                  train: { csv: colors.csv, label: y }
                """);
        String out = dir.resolve("models").toString();
        CliRun first = CliRun.of(yaml.toString(), "--output-dir", out, "-q");
        assertEquals(0, first.exitCode(), first.err());
        CliRun resumed = CliRun.of(yaml.toString(), "--output-dir", out, "-q", "--resume", "--set", "training.epochs=4");
        assertEquals(0, resumed.exitCode(), resumed.err());
        CliRun changed = CliRun.of(yaml.toString(), "--output-dir", out, "-q", "--resume", "--set", "training.epochs=6",
                "--set", "network.layers[0].units=5");
        assertEquals(2, changed.exitCode(), changed.err());
        assertTrue(changed.err().contains("network.layers[0].units: the checkpoint has 4, the config 5"), changed.err());
    }
}
