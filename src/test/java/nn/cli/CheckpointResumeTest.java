package nn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nn.io.ModelFile;
import nn.network.DenseLayer;
import nn.network.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints and {@code --resume}: a resumed run ends with bitwise the weights of an uninterrupted one. */
class CheckpointResumeTest {
    @TempDir
    Path dir;

    /** Adam moments, dropout draws, shuffling, validation and early-stopping state all have to survive. */
    private Path config() throws IOException {
        Path data = Path.of("data/iris-train.csv").toAbsolutePath();
        Path yaml = dir.resolve("resumable.yaml");
        Files.writeString(yaml, """
                name: resumable
                seed: 7
                device: java
                network:
                  input: 4
                  layers:
                    - { units: 16, activation: relu, dropout: 0.2 }
                    - { units: 3, activation: softmax }
                loss: categorical_crossentropy
                optimizer: { type: adam, learning_rate: 0.01 }
                training:
                  epochs: 6
                  batch_size: 16
                  checkpoint_every: 2
                  validation_split: 0.2
                  early_stopping: { patience: 50 }
                data:
                  train: { csv: %s, label: species }
                  normalize: standard
                """.formatted(data));
        return yaml;
    }

    private CliRun train(Path out, String... more) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of(config().toString(), "--output-dir", out.toString(), "-q"));
        args.addAll(List.of(more));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        return run;
    }

    private static Network weights(Path modelDir) {
        return ModelFile.load(modelDir.resolve("model.nnm")).network();
    }

    private static void assertSameWeights(Network expected, Network actual) {
        for (int i = 0; i < expected.layers().size(); i++) {
            DenseLayer e = expected.dense(i);
            DenseLayer a = actual.dense(i);
            assertArrayEquals(e.weights(), a.weights(), "layer " + (i + 1) + " weights");
            assertArrayEquals(e.biases(), a.biases(), "layer " + (i + 1) + " biases");
        }
    }

    @Test
    void resumingFromEpochFourEndsWithTheUninterruptedWeights() throws IOException {
        Path whole = dir.resolve("whole");
        train(whole);
        Path model = whole.resolve("resumable");
        assertTrue(Files.isRegularFile(model.resolve("checkpoints/epoch-0006/COMPLETE")));
        assertTrue(Files.isRegularFile(model.resolve("training.png")));

        Path split = dir.resolve("split");
        train(split, "--set", "training.epochs=4");
        CliRun resumed = train(split, "--resume");
        assertTrue(resumed.out().contains("resuming from " + split.resolve("resumable/checkpoints/epoch-0004")),
                resumed.out());
        assertSameWeights(weights(model), weights(split.resolve("resumable")));
        assertEquals(Files.readString(model.resolve("metrics.csv")), Files.readString(split.resolve("resumable/metrics.csv")));
    }

    @Test
    void aCheckpointWithoutItsMarkerIsIgnored() throws IOException {
        Path whole = dir.resolve("whole");
        train(whole);
        Path split = dir.resolve("split");
        train(split, "--set", "training.epochs=4");
        Path model = split.resolve("resumable");
        Files.delete(model.resolve("checkpoints/epoch-0004/COMPLETE"));
        Files.delete(model.resolve("model.nnm"));
        // A model directory without model.nnm loads its newest complete checkpoint.
        CliRun summary = CliRun.of("summary", model.toString());
        assertEquals(0, summary.exitCode(), summary.err());
        assertTrue(summary.out().contains("epoch-0002"), summary.out());

        CliRun resumed = train(split, "--resume");
        assertTrue(resumed.out().contains("checkpoints/epoch-0002"), resumed.out());
        assertSameWeights(weights(whole.resolve("resumable")), weights(model));
    }

    @Test
    void resumeWithoutACheckpointIsBadInput() throws IOException {
        CliRun run = CliRun.of(config().toString(), "--output-dir", dir.resolve("none").toString(), "-q", "--resume");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no complete checkpoint to resume from"), run.err());
    }
}
