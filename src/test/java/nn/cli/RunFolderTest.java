package nn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import nn.io.Checkpoints;
import nn.io.ModelFile;
import nn.run.LockHolder;
import nn.run.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model folder as the unit of a run (issue 13, items 2-4): a fresh run never mixes with an
 * older one, {@code --overwrite} replaces it whole, one run at a time holds the folder, and an
 * unusable or full folder is bad input (exit 2) with the last complete work kept.
 */
class RunFolderTest {
    @TempDir
    Path dir;

    private Path config() throws IOException {
        Path yaml = dir.resolve("folder.yaml");
        Files.writeString(yaml, """
                name: folder
                seed: 5
                device: java
                network:
                  input: 2
                  layers:
                    - { units: 4, activation: tanh }
                    - { units: 1, activation: sigmoid }
                loss: binary_crossentropy
                optimizer: { type: adam, learning_rate: 0.05 }
                training: { epochs: 4, batch_size: 2, checkpoint_every: 1 }
                data:
                  train: { inline: [[0,0,0],[0,1,1],[1,0,1],[1,1,0]] }
                """);
        return yaml;
    }

    private CliRun train(Path out, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of(config().toString(), "--output-dir", out.toString(), "-q"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aSecondFreshRunIsRefusedAndOverwriteReplacesTheRunWhole() throws IOException {
        Path out = dir.resolve("models");
        assertEquals(0, train(out).exitCode());
        Path model = out.resolve("folder");
        byte[] first = Files.readAllBytes(model.resolve(ModelFile.NAME));
        assertEquals(4, checkpoints(model).size());

        CliRun again = train(out, "--set", "seed=6");
        assertEquals(2, again.exitCode(), again.err());
        assertEquals(1, again.err().lines().count(), again.err());
        assertTrue(again.err().contains("already holds a run") && again.err().contains("--overwrite")
                && again.err().contains("--resume"), again.err());
        assertFalse(again.out().contains("trained"), "refused before training: " + again.out());
        assertArrayEquals(first, Files.readAllBytes(model.resolve(ModelFile.NAME)), "the old run is untouched");

        CliRun replaced = train(out, "--overwrite", "--set", "seed=6", "--set", "training.checkpoint_every=3");
        assertEquals(0, replaced.exitCode(), replaced.err());
        assertEquals(List.of("epoch-0003"), checkpoints(model), "the old run's checkpoints are gone");
        assertEquals(6, ModelFile.load(model.resolve(ModelFile.NAME)).provenance().seed());

        CliRun both = train(out, "--overwrite", "--resume");
        assertEquals(2, both.exitCode(), both.err());
    }

    @Test
    void anotherProcessHoldingTheFolderIsNamedByPidAndItsDeathFreesTheFolder() throws Exception {
        Path out = dir.resolve("models");
        Path model = out.resolve("folder");
        Process holder = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), model.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked " + model, lines.readLine());
            for (String[] flags : new String[][] {{}, {"--overwrite"}}) {
                CliRun second = train(out, flags);
                assertEquals(2, second.exitCode(), second.err());
                assertTrue(second.err().contains("in use by another nn run (pid " + holder.pid() + ")"), second.err());
                assertFalse(Files.exists(model.resolve(ModelFile.NAME)));
            }
        } finally {
            holder.destroyForcibly();
            assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
        }
        // SIGKILL leaves the lock file; the lock itself died with the process.
        assertTrue(Files.exists(model.resolve(RunFolder.LOCK)));
        CliRun after = train(out);
        assertEquals(0, after.exitCode(), after.err());
    }

    @Test
    void anUnusableOutputFolderIsRefusedBeforeTraining() throws IOException {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "not a folder");
        for (Path out : List.of(file, file.resolve("below"))) {
            CliRun run = train(out);
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(run.err().startsWith("nn: cannot use ") && run.err().contains("is a file, expected a folder"),
                    run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertFalse(run.out().contains("network:"), "refused before the data was read: " + run.out());
        }

        Path real = dir.resolve("real");
        Files.createDirectories(real);
        Path links = dir.resolve("links");
        Files.createDirectories(links);
        Files.createSymbolicLink(links.resolve("folder"), real);
        CliRun linked = train(links);
        assertEquals(2, linked.exitCode(), linked.err());
        assertTrue(linked.err().contains("is a symbolic link (to " + real + ")"), linked.err());

        CliRun deep = train(dir.resolve("a/b/c"));
        assertEquals(0, deep.exitCode(), deep.err());
        assertTrue(Files.exists(dir.resolve("a/b/c/folder/model.nnm")), "missing parents are created");
    }

    @Test
    void aReadOnlyOutputFolderIsRefusedBeforeTraining() throws IOException {
        Path out = dir.resolve("read-only");
        Files.createDirectories(out);
        assertTrue(out.toFile().setWritable(false, false));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(out), "root may write anywhere");
            CliRun run = train(out);
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(run.err().contains("permission denied"), run.err());
        } finally {
            out.toFile().setWritable(true, false);
        }
    }

    @Test
    void startUpCleanupRemovesOnlyTheTempFilesNnNames() throws IOException {
        Path out = dir.resolve("models");
        Path model = out.resolve("folder");
        Files.createDirectories(model.resolve("checkpoints"));
        Files.writeString(model.resolve(".notes.tmp"), "a user's file");
        Files.writeString(model.resolve(".model.nnm.123.tmp"), "no nn mark: not nn's");
        Files.writeString(model.resolve(".model.nnm.nn-123.tmp"), "nn's");
        Files.createDirectories(model.resolve("checkpoints/.epoch-0002.nn-77"));
        Files.createDirectories(model.resolve(".final.nn-5"));
        CliRun run = train(out);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(".model.nnm.123.tmp", RunFolder.LOCK, ".notes.tmp"), hidden(model));
    }

    /** A full disk, injected through AtomicFiles' seam in a training JVM of its own. */
    @Test
    void aDiskThatFillsDuringTheRunExits2KeepingTheLastCheckpointAndThePreviousModel() throws Exception {
        Path out = dir.resolve("models");
        Path model = out.resolve("folder");
        assertEquals(0, train(out).exitCode());
        byte[] previous = Files.readAllBytes(model.resolve(ModelFile.NAME));
        Files.delete(model.resolve("checkpoints/epoch-0003/COMPLETE")); // not the kept one: shows which survive
        // Before training: the probe write fails, nothing trains.
        Child probe = child(out, ".nn-probe", "--overwrite");
        assertEquals(2, probe.code(), probe.output());
        assertTrue(probe.output().contains("No space left on device"), probe.output());
        assertFalse(probe.output().contains("trained"), probe.output());
        assertArrayEquals(previous, Files.readAllBytes(model.resolve(ModelFile.NAME)));

        // During training: the third checkpoint cannot be written.
        Child full = child(out, "epoch-0003", "--overwrite");
        assertEquals(2, full.code(), full.output());
        String last = full.output().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("nn: cannot write checkpoint ") && last.contains("No space left on device")
                && last.contains("epoch-0002 is kept (continue with --resume)"), full.output());
        assertEquals(List.of("epoch-0001", "epoch-0002"), checkpoints(model));
        assertTrue(Checkpoints.newest(model).isPresent());
        assertArrayEquals(previous, Files.readAllBytes(model.resolve(ModelFile.NAME)), "the previous model stays");
        assertEquals(List.of(RunFolder.LOCK), hidden(model), "no hidden half-written folder");

        // At the final save: the staged model cannot be written; the previous model and files stay.
        Child end = child(out, ".final.nn-", "--overwrite");
        assertEquals(2, end.code(), end.output());
        assertTrue(end.output().contains("cannot write the model to "), end.output());
        assertArrayEquals(previous, Files.readAllBytes(model.resolve(ModelFile.NAME)));
        assertEquals(List.of(RunFolder.LOCK), hidden(model));
        assertEquals(4, checkpoints(model).size(), "its checkpoints are complete");
    }

    private record Child(int code, String output) {
    }

    private Child child(Path out, String failWrites, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-Dnn.io.failWrites=" + failWrites,
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "nn.cli.Main", "train", config().toString(), "--output-dir", out.toString(), "-q"));
        command.addAll(List.of(more));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("NN_NO_RELAUNCH", "1");
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Child(p.exitValue(), output);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> checkpoints(Path model) throws IOException {
        Path root = model.resolve("checkpoints");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> hidden(Path model) throws IOException {
        try (Stream<Path> paths = Files.walk(model)) {
            return paths.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().toList();
        }
    }
}
