package nn.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of a model directory: {@code checkpoints/epoch-000N/} after N whole epochs, or
 * {@code checkpoints/epoch-000N-batch-000M/} when a run was interrupted M batches into epoch N+1.
 * A checkpoint counts only once its {@value #COMPLETE} marker exists; it is written last.
 */
public final class Checkpoints {
    /** The marker file that makes a checkpoint directory complete. */
    public static final String COMPLETE = "COMPLETE";
    private static final Pattern NAME = Pattern.compile("epoch-(\\d+)(?:-batch-(\\d+))?");

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

    private static Optional<Checkpoint> parse(Path dir) {
        Matcher m = NAME.matcher(dir.getFileName().toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Checkpoint(dir, Integer.parseInt(m.group(1)),
                m.group(2) == null ? 0 : Integer.parseInt(m.group(2))));
    }
}
