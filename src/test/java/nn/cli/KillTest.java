package nn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import nn.io.Checkpoints;
import nn.io.ModelFile;
import nn.network.DenseLayer;
import nn.network.Network;
import nn.run.RunFolder;
import nn.run.RunOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: a training JVM is killed ({@code destroyForcibly}, SIGKILL) at seeded random
 * points, {@code nn.killIterations} times (20 in {@code mvn verify}, 200 with {@code -Preliability}).
 * Each run resumes from the newest complete checkpoint the previous one left, so the kills land
 * all along a training run and its checkpoint writes. After every kill the model folder must hold:
 * <ul>
 *   <li>nothing, or a newest complete checkpoint that loads; a model.nnm, if any, that loads;</li>
 *   <li>no visible partial entry: every visible checkpoint directory is complete (has its marker),
 *       the top level holds only the run's known files;</li>
 *   <li>hidden entries only of the temp shapes a killed write leaves ({@code .NAME.nn-*.tmp} files,
 *       {@code checkpoints/.epoch-*.nn-*} directories, the final save's {@code .final.nn-*} folder),
 *       and the run's lock file; loaders ignore them and the next run removes all but the lock.</li>
 * </ul>
 * Every 5th kill, a copy of the newest checkpoint is resumed in-process to the end and must give
 * bitwise the weights of an uninterrupted run.
 */
class KillTest {
    private static final Set<String> TOP_LEVEL = Set.of("model.nnm", "config.yaml", "metrics.csv", "report.json",
            "training.png", "checkpoints", RunFolder.LOCK);
    private static final int EPOCHS = 300;

    @TempDir
    Path dir;

    private Path config() throws IOException {
        Path yaml = dir.resolve("killed.yaml");
        // Tiny and with Adam (state that must survive); every epoch checkpoints, so writes are always near.
        Files.writeString(yaml, """
                name: killed
                seed: 11
                device: java
                network:
                  input: 2
                  layers:
                    - { units: 4, activation: tanh }
                    - { units: 1, activation: sigmoid }
                loss: binary_crossentropy
                optimizer: { type: adam, learning_rate: 0.05 }
                training: { epochs: %d, batch_size: 2, shuffle: true, checkpoint_every: 1 }
                data:
                  train: { inline: [[0,0,0],[0,1,1],[1,0,1],[1,1,0]] }
                """.formatted(EPOCHS));
        return yaml;
    }

    @Test
    void killedRunsLeaveALoadableCheckpointAndResumeToTheUninterruptedWeights() throws Exception {
        int iterations = Integer.getInteger("nn.killIterations", 20);
        Path yaml = config();
        // Checkpoints do not change the weights; without them the in-process runs take milliseconds.
        String[] noCheckpoints = {"--set", "training.checkpoint_every=100000"};
        Path reference = dir.resolve("reference");
        CliRun whole = CliRun.of(yaml.toString(), "--output-dir", reference.toString(), "-q", noCheckpoints[0],
                noCheckpoints[1]);
        assertEquals(0, whole.exitCode(), whole.err());
        Network expected = ModelFile.load(reference.resolve("killed/model.nnm")).network();

        Path out = dir.resolve("out");
        Path model = out.resolve("killed");
        SplittableRandom random = new SplittableRandom(8);
        int empty = 0;
        int withLeftovers = 0;
        int finished = 0;
        int compared = 0;
        List<Integer> epochsAtKill = new ArrayList<>();
        for (int i = 1; i <= iterations; i++) {
            long delay = random.nextInt(700);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "nn.cli.Main", "train", yaml.toString(),
                    "--output-dir", out.toString(), "-q"));
            if (Checkpoints.newest(model).isPresent()) {
                command.add("--resume");
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("child.log").toFile());
            builder.environment().put("NN_NO_RELAUNCH", "1");
            Process child = builder.start();
            // JVM start-up takes most of a second on a loaded machine: count the delay from the line
            // printed just before training begins, so the kills land in training and its writes.
            waitForTraining(child, dir.resolve("child.log"));
            if (child.waitFor(delay, TimeUnit.MILLISECONDS)) {
                // It finished first: the chain starts over on a clean folder.
                assertEquals(0, child.exitValue(), Files.readString(dir.resolve("child.log")));
                assertSameWeights(expected, ModelFile.load(model.resolve("model.nnm")).network());
                finished++;
                deleteTree(model);
                continue;
            }
            assertEquals(0, child.descendants().count(), "the training JVM starts no child process");
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "killed child exits");

            List<Path> leftovers = checkFolder(model);
            if (!leftovers.isEmpty()) {
                withLeftovers++;
            }
            var newest = Checkpoints.newest(model);
            if (newest.isEmpty()) {
                empty++;
            } else {
                epochsAtKill.add(Checkpoints.load(newest.get()).epoch());
            }
            if (i % 5 == 0 && newest.isPresent()) {
                Path copy = dir.resolve("copy" + i);
                Path copied = copy.resolve("killed/checkpoints").resolve(newest.get().dir().getFileName());
                copyTree(newest.get().dir(), copied);
                for (Path leftover : leftovers) {
                    // Leftovers travel along, to show the resumed run ignores and removes them.
                    if (leftover.getParent().equals(model.resolve("checkpoints"))) {
                        copyTree(leftover, copied.getParent().resolve(leftover.getFileName()));
                    }
                }
                CliRun resumed = CliRun.of(yaml.toString(), "--output-dir", copy.toString(), "-q", "--resume",
                        noCheckpoints[0], noCheckpoints[1]);
                assertEquals(0, resumed.exitCode(), resumed.err());
                assertSameWeights(expected, ModelFile.load(copy.resolve("killed/model.nnm")).network());
                assertEquals(List.of(), hidden(copy), "the resumed run removed the leftovers");
                compared++;
            }
        }
        System.out.printf("KillTest: %d kills (%d before any checkpoint, %d with hidden temp leftovers), "
                        + "%d runs finished before their kill, %d resumes compared bitwise; epochs at kill %s%n",
                iterations - finished, empty, withLeftovers, finished, compared, epochsAtKill);
        assertTrue(compared > 0 || iterations < 5, "at least one resume was compared");
    }

    private static void waitForTraining(Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (child.isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("\ndata: ")) {
                return;
            }
            Thread.sleep(5);
        }
    }

    /** Checks the invariants; returns the tolerated hidden leftovers. */
    private static List<Path> checkFolder(Path model) throws IOException {
        List<Path> leftovers = new ArrayList<>();
        if (!Files.exists(model)) {
            return leftovers;
        }
        try (Stream<Path> top = Files.list(model)) {
            for (Path p : top.toList()) {
                String name = p.getFileName().toString();
                if (Checkpoints.LEFTOVER_FILE.matcher(name).matches() || RunOutput.STAGING.matcher(name).matches()) {
                    leftovers.add(p);
                } else if (!TOP_LEVEL.contains(name)) {
                    fail("unexpected entry " + p);
                }
            }
        }
        if (Files.exists(model.resolve("model.nnm"))) {
            ModelFile.load(model.resolve("model.nnm"));
        }
        Path root = model.resolve("checkpoints");
        if (Files.isDirectory(root)) {
            try (Stream<Path> entries = Files.list(root)) {
                for (Path p : entries.toList()) {
                    String name = p.getFileName().toString();
                    if (Checkpoints.LEFTOVER_DIR.matcher(name).matches() || Checkpoints.LEFTOVER_FILE.matcher(name).matches()) {
                        leftovers.add(p);
                    } else {
                        assertTrue(name.matches("epoch-\\d+(-batch-\\d+)?"), "unexpected entry " + p);
                        assertTrue(Files.isRegularFile(p.resolve(Checkpoints.COMPLETE)), "partial checkpoint " + p);
                        assertEquals(List.of(), hidden(p), "temp files inside a complete checkpoint");
                    }
                }
            }
            Checkpoints.newest(model).ifPresent(Checkpoints::load);
        }
        return leftovers;
    }

    private static List<Path> hidden(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            // The lock file stays on purpose (see RunFolder); everything else hidden is a leftover.
            return paths.filter(p -> p.getFileName().toString().startsWith(".")
                    && !p.getFileName().toString().equals(RunFolder.LOCK)).toList();
        }
    }

    private static void assertSameWeights(Network expected, Network actual) {
        for (int i = 0; i < expected.layers().size(); i++) {
            DenseLayer e = expected.dense(i);
            DenseLayer a = actual.dense(i);
            assertArrayEquals(e.weights(), a.weights(), "layer " + (i + 1) + " weights");
            assertArrayEquals(e.biases(), a.biases(), "layer " + (i + 1) + " biases");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
