package nn.io;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model directory, {@code models/NAME/}, is the unit users hand to commands: this picks the
 * file to load from it (the final {@code model.json}, else the newest complete checkpoint's), or
 * takes a model file as it is.
 */
public final class ModelDirectory {
    private ModelDirectory() {
    }

    /** The model file that {@code path} (a model directory or a model file) stands for. */
    public static Path modelFile(Path path) {
        if (!Files.isDirectory(path)) {
            return path;
        }
        Path model = path.resolve("model.json");
        if (Files.isRegularFile(model)) {
            return model;
        }
        return Checkpoints.newest(path).map(c -> c.dir().resolve("model.json")).orElse(model);
    }
}
