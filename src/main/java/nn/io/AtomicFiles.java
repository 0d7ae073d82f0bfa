package nn.io;

import java.io.IOException;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;

/**
 * Writes a file so that readers see either the old content or the whole new content, never a
 * part: a hidden temp file beside the target, flushed to disk, then renamed over it. The temp
 * file's name is {@code .NAME.nn-DIGITS.tmp} ({@link #TEMP_FILE}), so start-up cleanup can tell
 * nn's own leftovers from anyone else's hidden files. A failed write throws
 * {@link OutputFolderException} and leaves the target as it was.
 */
public final class AtomicFiles {
    /** The temp files {@link #write} makes and a killed writer may leave: ".model.nnm.nn-123.tmp". */
    public static final Pattern TEMP_FILE = Pattern.compile("\\..+\\.nn-\\d+\\.tmp");
    /** What {@link #write} puts before createTempFile's random digits. */
    static final String TEMP_MARK = ".nn-";

    private AtomicFiles() {
    }

    /**
     * Gives a temp file (rw-r--r--) or folder (rwxr-xr-x) the permissions of an ordinary one: Java
     * creates temp files private to their owner, and a model must be readable by whoever predicts.
     */
    public static void shareReadable(Path path, boolean folder) throws IOException {
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(folder ? "rwxr-xr-x" : "rw-r--r--"));
        }
    }

    /** Writes {@code content} to {@code target} atomically; a failure leaves {@code target} as it was. */
    public static void write(Path target, byte[] content) {
        write(target, out -> out.write(content));
    }

    /** What a streamed write puts in the file, a piece at a time (predictions for a file larger than the heap). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes what {@code content} writes to {@code target} atomically, streamed through a buffer;
     * a failure (also one {@code content} throws) leaves {@code target} as it was and no temp file.
     */
    public static void write(Path target, Content content) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + absolute.getFileName() + TEMP_MARK, ".tmp");
            shareReadable(tmp, false);
            WriteFaults.check(tmp);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new OutputFolderException("cannot write " + target + ": " + OutputFolderException.reason(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The write already failed; that error is the one worth reporting.
                }
            }
        }
    }
}
