package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nn.io.Checkpoints;
import nn.io.ModelFile;
import nn.io.SavedModel;
import nn.run.RunFolder;
import nn.spec.ExperimentSpec;
import nn.spec.OptimizerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A diverging run names where and why, keeps the last good checkpoint, writes nothing partial, exits 3. */
class NanForensicsTest {
    @TempDir
    Path dir;

    private Path config(String learningRate, String checkpointEvery) throws IOException {
        Path yaml = dir.resolve("diverge.yaml");
        Files.writeString(yaml, """
                name: diverge
                seed: 42
                device: java
                network:
                  input: 4
                  layers:
                    - { units: 16, activation: relu }
                    - { units: 3, activation: softmax }
                loss: categorical_crossentropy
                optimizer: { type: sgd, learning_rate: %s }
                training: { epochs: 50, batch_size: 16, shuffle: true%s }
                data:
                  train: { csv: %s, label: species }
                  normalize: none
                """.formatted(learningRate, checkpointEvery, Path.of("data/iris-train.csv").toAbsolutePath()));
        return yaml;
    }

    @Test
    void aHugeLearningRateOnRawIrisIsReportedWithLayerStatisticsAndExits3() throws IOException {
        Path out = dir.resolve("models");
        // Two good epochs at a sane rate leave checkpoints; the resumed run at 1e20 diverges at once.
        Path yaml = config("0.01", ", checkpoint_every: 1");
        CliRun good = CliRun.of(yaml.toString(), "--output-dir", out.toString(), "-q", "--set", "training.epochs=2");
        assertEquals(0, good.exitCode(), good.err());
        Files.delete(out.resolve("diverge/model.nnm"));
        // --resume refuses a changed optimizer, so the checkpoint is made to say it was trained at
        // 1e20 (as a run whose rate blew up only now): the resumed run then diverges at once.
        Path saved = Checkpoints.newest(out.resolve("diverge")).orElseThrow().dir().resolve(ModelFile.NAME);
        SavedModel m = ModelFile.load(saved);
        ExperimentSpec c = m.config();
        OptimizerSpec o = c.optimizer();
        ExperimentSpec at1e20 = new ExperimentSpec(c.name(), c.seed(), c.device(), c.deviceIndex(), c.network(), c.loss(),
                new OptimizerSpec(o.type(), 1e20, o.momentum(), o.nesterov(), o.beta1(), o.beta2(), o.epsilon(),
                        o.weightDecay()), c.training(), c.data());
        ModelFile.save(new SavedModel(m.name(), m.network(), m.featureNames(), m.classNames(), m.normalizer(), at1e20,
                m.provenance()), saved);
        CliRun run = CliRun.of(yaml.toString(), "--output-dir", out.toString(), "-q", "--resume",
                "--set", "optimizer.learning_rate=1e20");
        String err = run.err();
        assertEquals(3, run.exitCode(), err);
        assertTrue(err.matches("(?s)nn: training diverged in epoch \\d+, batch \\d+: .*"), err);
        assertTrue(err.contains("first non-finite layer: layer "), err);
        assertTrue(err.matches("(?s).*layer \\d Z: min \\S+, max \\S+, mean \\S+.*"), err);
        assertTrue(err.matches("(?s).*layer \\d gradients: min \\S+, max \\S+, mean .*"), err);
        assertTrue(err.contains("likely cause: learning rate too high (1.0E20)"), err);
        assertTrue(err.contains("features not normalised"), err);
        assertTrue(err.contains("data.normalize: none"), err);
        assertTrue(err.contains("petal_length"), err);

        Path model = out.resolve("diverge");
        assertFalse(Files.exists(model.resolve("model.nnm")), "no model of a diverged run");
        Path kept = model.resolve("checkpoints/epoch-0002");
        assertTrue(err.contains("last good checkpoint: " + kept + " (continue with --resume"), err);
        assertEquals(kept, Checkpoints.newest(model).orElseThrow().dir(), "no checkpoint after the last good one");
        Checkpoints.load(Checkpoints.newest(model).orElseThrow()).network().layers().forEach(l -> {
            for (float w : ((nn.network.DenseLayer) l).weights()) {
                assertTrue(Float.isFinite(w), "the kept checkpoint holds finite weights");
            }
        });
        assertEquals(List.of(), hiddenFiles(model), "nothing partial left behind");
    }

    @Test
    void withoutCheckpointsTheReportSaysNothingWasKept() throws IOException {
        CliRun run = CliRun.of(config("1e20", "").toString(), "--output-dir", dir.resolve("m").toString(), "-q");
        assertEquals(3, run.exitCode(), run.err());
        assertTrue(run.err().contains("no checkpoint to keep (training.checkpoint_every is not set); no model was written"),
                run.err());
    }

    private static List<Path> hiddenFiles(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(p -> p.getFileName().toString().startsWith(".")
                    && !p.getFileName().toString().equals(RunFolder.LOCK)).toList();
        }
    }
}
