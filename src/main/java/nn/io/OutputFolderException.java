package nn.io;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The run's output folder cannot take a write: read-only, full, not a folder, or a path through a
 * file. It is the user's environment, not a bug, so the CLI reports it as bad input (exit 2) in
 * one line; whatever was complete before the failed write (checkpoints, the previous model) stays.
 */
public final class OutputFolderException extends UncheckedIOException {
    public OutputFolderException(String message, IOException cause) {
        super(message, cause);
    }

    /** The reason an {@link IOException} gives, in words: "No space left on device", "permission denied". */
    public static String reason(IOException e) {
        String name = e.getClass().getSimpleName();
        return switch (name) {
            case "AccessDeniedException" -> "permission denied";
            case "FileAlreadyExistsException" -> "a file is in the way (expected a folder)";
            case "NotDirectoryException" -> "a file is in the way (expected a folder)";
            case "NoSuchFileException" -> "no such file or folder";
            default -> e.getMessage() == null ? name : e.getMessage();
        };
    }
}
