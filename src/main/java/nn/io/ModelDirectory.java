package nn.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A model directory, {@code models/NAME/}, is the unit users hand to commands: this picks the
 * file to load from it (the final model, else the newest complete checkpoint's), or takes a model
 * file as it is. In each place the format-2 {@value ModelFile#NAME} wins over a format-1
 * {@value ModelFile#V1_NAME} left by an older nn.
 */
public final class ModelDirectory {
    private ModelDirectory() {
    }

    /** The model file that {@code path} (a model directory or a model file) stands for. */
    public static Path modelFile(Path path) {
        if (!Files.isDirectory(path)) {
            return path;
        }
        return in(path, ModelFile.NAME, ModelFile.V1_NAME)
                .or(() -> Checkpoints.newest(path).flatMap(c -> in(c.dir(), ModelFile.NAME, ModelFile.V1_NAME)))
                .orElse(path.resolve(ModelFile.NAME));
    }

    /** The first of {@code names} that is a file in {@code dir}. */
    static Optional<Path> in(Path dir, String... names) {
        for (String name : names) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }
}
