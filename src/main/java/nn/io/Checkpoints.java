package nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nn.train.EpochMetrics;
import nn.train.TrainingState;

/**
 * The checkpoints of a model directory: {@code checkpoints/epoch-000N/} after N whole epochs, or
 * {@code checkpoints/epoch-000N-batch-000M/} when a run was interrupted M batches into epoch N+1.
 * A checkpoint counts only once its {@value #COMPLETE} marker exists; it is written last.
 */
public final class Checkpoints {
    /** The marker file that makes a checkpoint directory complete. */
    public static final String COMPLETE = "COMPLETE";
    private static final String BEST = "best.nnm";
    private static final String BEST_V1 = "best.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("epoch-(\\d+)(?:-batch-(\\d+))?");
    /** A temp file of {@link AtomicFiles#write}: ".model.nnm.nn-123.tmp"; other hidden files are not nn's. */
    public static final Pattern LEFTOVER_FILE = AtomicFiles.TEMP_FILE;
    /** A checkpoint being built by {@link #save}: ".epoch-0003.nn-123" (createTempDirectory's digits). */
    public static final Pattern LEFTOVER_DIR = Pattern.compile("\\.epoch-\\d+(?:-batch-\\d+)?\\.nn-\\d+");

    private Checkpoints() {
    }

    /** A complete checkpoint directory and the point of training it holds. */
    public record Checkpoint(Path dir, int epoch, int batch) {
    }

    /** The directory name for a checkpoint after {@code epoch} epochs and {@code batch} more batches. */
    public static String name(int epoch, int batch) {
        return String.format(Locale.ROOT, "epoch-%04d", epoch)
                + (batch == 0 ? "" : String.format(Locale.ROOT, "-batch-%04d", batch));
    }

    /** The newest complete checkpoint under {@code modelDir}, if any; partial ones are ignored. */
    public static Optional<Checkpoint> newest(Path modelDir) {
        Path root = modelDir.resolve("checkpoints");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(COMPLETE)))
                    .map(Checkpoints::parse)
                    .flatMap(Optional::stream)
                    .max(Comparator.comparingInt(Checkpoint::epoch).thenComparingInt(Checkpoint::batch));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code state} as {@code checkpoints/NAME/} of {@code modelDir}: built in a hidden
     * directory, marked complete, then renamed into place, so a crash leaves either no checkpoint
     * or a whole one. {@code model} supplies names, normaliser, config and provenance; its network
     * is replaced by the state's. Returns the directory.
     */
    public static Path save(Path modelDir, TrainingState state, SavedModel model) {
        Path root = modelDir.resolve("checkpoints");
        Path target = root.resolve(name(state.epoch(), state.batch()));
        Path tmp = null;
        try {
            Files.createDirectories(root);
            tmp = Files.createTempDirectory(root, "." + target.getFileName() + AtomicFiles.TEMP_MARK);
            AtomicFiles.shareReadable(tmp, true);
            // The provenance says how far this checkpoint got; final metrics come only with the final model.
            SavedModel at = model.withProvenance(model.provenance().withTraining(state.epoch(), java.util.Map.of()));
            ModelFile.save(at.withNetwork(state.network()), tmp.resolve(ModelFile.NAME));
            if (state.bestNetwork() != null) {
                ModelFile.save(at.withNetwork(state.bestNetwork()), tmp.resolve(BEST));
            }
            AtomicFiles.write(tmp.resolve("optimizer.bin"), floats(state.optimizerState()));
            AtomicFiles.write(tmp.resolve("state.json"), JSON.writeValueAsBytes(stateTree(state)));
            AtomicFiles.write(tmp.resolve(COMPLETE), new byte[0]);
            if (Files.exists(target)) {
                deleteTree(target);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            return target;
        } catch (IOException e) {
            throw new OutputFolderException("cannot write checkpoint " + target + ": " + OutputFolderException.reason(e), e);
        } catch (OutputFolderException e) {
            // A file inside the checkpoint failed: name the checkpoint, which is what the user knows.
            throw new OutputFolderException("cannot write checkpoint " + target + ": "
                    + OutputFolderException.reason(e.getCause()), e.getCause());
        } finally {
            // A full disk must not leave a hidden half-built checkpoint behind; the older ones stay.
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            deleteTree(dir);
        } catch (IOException | UncheckedIOException ignored) {
            // The write already failed; that error is the one worth reporting, and cleanup retries it.
        }
    }

    /**
     * Deletes what a killed writer leaves in {@code modelDir}: hidden temp files of
     * {@link AtomicFiles} ({@code .NAME.*.tmp}) there and in {@code checkpoints/}, and hidden
     * half-built checkpoint directories ({@code checkpoints/.epoch-*}). Loaders never read these
     * (their names start with a dot), so this only reclaims space; a run calls it before it trains.
     * Returns how many entries it removed. Only names nn itself makes are touched (the
     * {@code .nn-DIGITS} mark); a run calls this while it holds the folder's lock, so no other
     * run's temp files can be in flight.
     */
    public static int removeLeftovers(Path modelDir) {
        int removed = 0;
        for (Path dir : new Path[] {modelDir, modelDir.resolve("checkpoints")}) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path p : entries.toList()) {
                    String name = p.getFileName().toString();
                    boolean tempFile = LEFTOVER_FILE.matcher(name).matches() && Files.isRegularFile(p);
                    boolean tempDir = LEFTOVER_DIR.matcher(name).matches() && Files.isDirectory(p)
                            && dir.getFileName().toString().equals("checkpoints");
                    if (tempFile || tempDir) {
                        deleteTree(p);
                        removed++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clean " + dir + ": " + e.getMessage(), e);
            }
        }
        return removed;
    }

    /** Reads a complete checkpoint back. */
    public static TrainingState load(Checkpoint checkpoint) {
        Path dir = checkpoint.dir();
        try {
            JsonNode s = JSON.readTree(dir.resolve("state.json").toFile());
            List<EpochMetrics> history = new ArrayList<>();
            for (JsonNode m : s.withArray("history")) {
                history.add(new EpochMetrics(m.get("epoch").asInt(), m.get("loss").asDouble(), m.get("metric").asDouble(),
                        m.get("valLoss").asDouble(), m.get("valMetric").asDouble(), m.get("learningRate").asDouble()));
            }
            Path model = ModelDirectory.in(dir, ModelFile.NAME, ModelFile.V1_NAME)
                    .orElseThrow(() -> new ModelFormatException(dir + ": damaged checkpoint: no " + ModelFile.NAME));
            Optional<Path> best = ModelDirectory.in(dir, BEST, BEST_V1);
            return new TrainingState(s.get("epoch").asInt(), s.get("batch").asInt(), s.get("lossSum").asDouble(),
                    s.get("quality").asDouble(), ModelFile.load(model).network(),
                    s.get("optimizerCount").asLong(), floats(Files.readAllBytes(dir.resolve("optimizer.bin")), dir),
                    s.get("dropoutDraws").asLong(), history, s.get("best").asDouble(), s.get("bestEpoch").asInt(),
                    best.map(b -> ModelFile.load(b).network()).orElse(null));
        } catch (IOException | RuntimeException e) {
            if (e instanceof ModelFormatException m) {
                throw m;
            }
            throw new ModelFormatException(dir + ": damaged checkpoint: " + e.getMessage());
        }
    }

    private static ObjectNode stateTree(TrainingState state) {
        ObjectNode s = JSON.createObjectNode();
        s.put("epoch", state.epoch());
        s.put("batch", state.batch());
        s.put("lossSum", state.lossSum());
        s.put("quality", state.quality());
        s.put("optimizerCount", state.optimizerCount());
        s.put("dropoutDraws", state.dropoutDraws());
        s.put("best", state.best());
        s.put("bestEpoch", state.bestEpoch());
        ArrayNode history = s.putArray("history");
        for (EpochMetrics m : state.history()) {
            ObjectNode e = history.addObject();
            e.put("epoch", m.epoch());
            e.put("loss", m.loss());
            e.put("metric", m.metric());
            e.put("valLoss", m.valLoss());
            e.put("valMetric", m.valMetric());
            e.put("learningRate", m.learningRate());
        }
        return s;
    }

    /** optimizer.bin: int32 tensor count, then per tensor an int32 length and its float32 values; little-endian. */
    private static byte[] floats(List<float[]> tensors) {
        int bytes = 4;
        for (float[] t : tensors) {
            bytes += 4 + 4 * t.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(tensors.size());
        for (float[] t : tensors) {
            buffer.putInt(t.length);
            buffer.asFloatBuffer().put(t);
            buffer.position(buffer.position() + 4 * t.length);
        }
        return buffer.array();
    }

    private static List<float[]> floats(byte[] bytes, Path dir) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int count = buffer.getInt();
        List<float[]> tensors = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int length = buffer.getInt();
            if (length < 0 || length > buffer.remaining() / 4) {
                throw new ModelFormatException(dir + ": damaged checkpoint: optimizer.bin is truncated");
            }
            float[] t = new float[length];
            buffer.asFloatBuffer().get(t);
            buffer.position(buffer.position() + 4 * length);
            tensors.add(t);
        }
        return tensors;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Optional<Checkpoint> parse(Path dir) {
        Matcher m = NAME.matcher(dir.getFileName().toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Checkpoint(dir, Integer.parseInt(m.group(1)),
                    m.group(2) == null ? 0 : Integer.parseInt(m.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty(); // digits beyond int range: no folder nn wrote, so not a checkpoint
        }
    }
}
