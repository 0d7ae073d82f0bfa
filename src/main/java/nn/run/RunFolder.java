package nn.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import nn.io.AtomicFiles;
import nn.io.Checkpoints;
import nn.io.ModelFile;
import nn.io.OutputFolderException;
import nn.network.Footprint;

/**
 * A model folder ({@code models/NAME/}) claimed by one run: checked writable before any data is
 * read, held under an OS-level lock for the run's life, and cleared of an older run's
 * checkpoints when the run replaces it. The lock ({@value #LOCK}, {@link FileChannel#tryLock})
 * dies with its process, so a killed run never blocks the next; the pid in the file is only for
 * the message. The lock file itself stays: deleting it would let a second run lock a fresh file
 * while a third still holds the unlinked one.
 */
public final class RunFolder implements AutoCloseable {
    /** The lock file in the model folder. */
    public static final String LOCK = ".nn.lock";
    /** A small file written and removed to prove the folder takes writes (a full disk fails here). */
    static final String PROBE = ".nn-probe";
    private static final int PROBE_BYTES = 4096;

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private RunFolder(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * The refusals {@link #claim} would give, without writing anything: a symbolic link, a file in
     * the way, a folder another run holds, and, under {@link RunMode#FRESH}, one that already holds
     * a run. Callers check before reading data (so a refusal comes at once and a bad config leaves
     * no folder behind) and claim just before training.
     */
    public static void check(Path modelDir, RunMode mode) {
        if (Files.isSymbolicLink(modelDir)) {
            throw new OutputFolderException(modelDir + " is a symbolic link" + target(modelDir) + "; nn writes a run "
                    + "only into a real folder: pass the folder it points to as --output-dir", new IOException("link"));
        }
        Path existing = nearestExisting(modelDir);
        if (existing != null && !Files.isDirectory(existing)) {
            throw new OutputFolderException("cannot use " + modelDir + " as the model folder: " + existing
                    + " is a file, expected a folder", new IOException("not a folder"));
        }
        if (existing != null && !Files.isWritable(existing)) {
            throw new OutputFolderException("cannot write to " + existing + " (for the model folder " + modelDir
                    + "): permission denied", new IOException("read-only"));
        }
        if (!Files.isDirectory(modelDir)) {
            return;
        }
        if (Files.exists(modelDir.resolve(LOCK))) {
            lock(modelDir, false).close(); // throws when another run holds it
        }
        if (mode == RunMode.FRESH && holdsRun(modelDir)) {
            throw existingRun(modelDir);
        }
    }

    /**
     * Claims {@code modelDir} for a run in {@code mode}: after {@link #check}, creates it (and its
     * parents), locks it for the run's life and proves it takes a write. Under
     * {@link RunMode#OVERWRITE} the old checkpoints are deleted (the old model stays readable until
     * the new one replaces it).
     *
     * @throws RunConflictException  when another run holds the folder, or it holds a run and mode is FRESH
     * @throws OutputFolderException when the folder cannot be made or written
     */
    public static RunFolder claim(Path modelDir, RunMode mode) {
        check(modelDir, mode);
        try {
            Files.createDirectories(modelDir);
        } catch (IOException e) {
            throw new OutputFolderException("cannot create the model folder " + modelDir + ": "
                    + OutputFolderException.reason(e), e);
        }
        RunFolder folder = lock(modelDir, true);
        try {
            AtomicFiles.write(modelDir.resolve(PROBE), new byte[PROBE_BYTES]);
            Files.deleteIfExists(modelDir.resolve(PROBE));
            // Again under the lock: another run may have finished into the folder since the check.
            if (mode == RunMode.FRESH && holdsRun(modelDir)) {
                throw existingRun(modelDir);
            }
            if (mode == RunMode.OVERWRITE) {
                deleteTree(modelDir.resolve("checkpoints"));
            }
            Checkpoints.removeLeftovers(modelDir);
            RunOutput.removeStaging(modelDir);
            return folder;
        } catch (IOException e) {
            folder.close();
            throw new OutputFolderException("cannot write to " + modelDir + ": " + OutputFolderException.reason(e), e);
        } catch (RuntimeException e) {
            folder.close();
            throw e;
        }
    }

    private static RunConflictException existingRun(Path modelDir) {
        return new RunConflictException(modelDir + " already holds a run (" + ModelFile.NAME + " or checkpoints/); "
                + "pass --overwrite to replace it, or --resume to continue it");
    }

    /** The model folder. */
    public Path dir() {
        return dir;
    }

    /**
     * Refuses a run whose files ({@code bytes}: checkpoints and the final model) would not fit in
     * the space left on {@code dir}'s file system, before training rather than at its end.
     */
    public static void requireSpace(Path dir, long bytes) {
        long usable;
        try {
            usable = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return; // A file system that cannot say is given the benefit of the doubt; writes still fail cleanly.
        }
        if (usable < bytes) {
            throw new OutputFolderException(String.format(Locale.ROOT, "%s has %s free, but the run writes about %s "
                    + "(checkpoints and the model); free some space or pass another --output-dir", dir,
                    Footprint.human(usable), Footprint.human(bytes)), new IOException("No space left on device"));
        }
    }

    /** Releases the lock (the process's exit would too). */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException ignored) {
            // Closing the channel releases the lock in any case; nothing is left to do.
        }
    }

    private static Path nearestExisting(Path modelDir) {
        Path existing = modelDir.toAbsolutePath();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        return existing;
    }

    /** Locks the folder, writing this process's pid for the message of a second run when {@code own}. */
    private static RunFolder lock(Path modelDir, boolean own) {
        Path file = modelDir.resolve(LOCK);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new OutputFolderException("cannot write to " + modelDir + ": " + OutputFolderException.reason(e), e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM: another run in-process (the DSL, a test)
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new RunConflictException(modelDir + " is in use by another nn run" + holder
                        + "; wait for it to finish, or train under another name");
            }
            if (own) {
                byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(pid), 0);
            }
            return new RunFolder(modelDir, channel, lock);
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Reporting the first failure matters more.
            }
            throw new OutputFolderException("cannot lock " + file + ": " + OutputFolderException.reason(e), e);
        }
    }

    /** " (pid N)" from the lock file, or nothing when it holds no pid yet. */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        return text.matches("\\d{1,19}") ? " (pid " + text + ")" : "";
    }

    /** Whether the folder holds a model or any checkpoint, complete or not. */
    private static boolean holdsRun(Path modelDir) {
        if (Files.exists(modelDir.resolve(ModelFile.NAME)) || Files.exists(modelDir.resolve(ModelFile.V1_NAME))) {
            return true;
        }
        Path checkpoints = modelDir.resolve("checkpoints");
        if (!Files.isDirectory(checkpoints)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(checkpoints)) {
            return entries.anyMatch(p -> !p.getFileName().toString().startsWith("."));
        } catch (IOException e) {
            throw new OutputFolderException("cannot read " + checkpoints + ": " + OutputFolderException.reason(e), e);
        }
    }

    private static String target(Path link) {
        try {
            return " (to " + Files.readSymbolicLink(link) + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
