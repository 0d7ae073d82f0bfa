package nn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import nn.io.AtomicFiles;

/**
 * A class-data-sharing archive for the relaunched JVM, kept in the user's cache folder, used only
 * when {@code NN_CDS=1} asks for it: the first such run of a given nn.jar writes it at exit, later
 * runs map its classes instead of loading them. Keyed by the class path and each entry's size and
 * time, so a rebuilt jar gets a new archive. It is off by default because a JVM that maps it trains
 * slower (JDK 17, Zen 5, {@code bench --workload w2 --threads 2}, with and without the archive in
 * turn, six pairs: 0.52–0.79× the samples/s; W3 0.64× and 0.89×), while it saved no measurable
 * start-up time ({@code nn check configs/xor.yaml} 785–1264 ms with it, 838–1228 without; an
 * earlier session measured 2.06 → 1.6 s for the XOR run). {@code NN_NO_CDS=1} still turns it off.
 *
 * <p>The cache is only an optimisation, so any problem with it means running without it: an
 * archive is used only when its size and CRC-32C match the check file written beside it (the JVM
 * maps a truncated archive and dies of SIGBUS), a new one is written only into a folder that takes a
 * file and has room, and the JVM's own messages go to stderr (never into {@code predict}'s CSV).
 * The newest {@value #KEEP} archives are kept, older ones pruned.
 */
final class ClassArchive {
    static final String OPT_OUT_ENV = "NN_NO_CDS";
    /** Asks for the archive; without it (the default) the relaunched JVM maps none. */
    static final String OPT_IN_ENV = "NN_CDS";
    /** How many archives (one per nn.jar build) the cache keeps. */
    static final int KEEP = 3;
    /** Free space a new archive needs (they take 2–5 MB), with room to spare for the user's disk. */
    static final long MIN_FREE_BYTES = 64L << 20;
    private static final String PREFIX = "nn-classes-";
    private static final String SUFFIX = ".jsa";
    private static final String CHECK_SUFFIX = ".check";
    /** The name of an archive being written: {@code .nn-classes-KEY.jsa.PID.tmp}. */
    private static final java.util.regex.Pattern PENDING = java.util.regex.Pattern.compile("\\.nn-classes-[0-9a-f]+\\.jsa\\.[0-9]+\\.tmp");

    private final Path archive;
    private final Path pending;

    private ClassArchive(Path archive, Path pending) {
        this.archive = archive;
        this.pending = pending;
    }

    /** The archive for {@code classPath}, or null unless asked for ({@code NN_CDS=1}) or when no cache folder is usable. */
    static ClassArchive forClassPath(String classPath, java.util.Map<String, String> env) {
        if (!"1".equals(env.get(OPT_IN_ENV)) || "1".equals(env.get(OPT_OUT_ENV))) {
            return null;
        }
        return in(cacheFolder(env), classPath);
    }

    /**
     * The archive for {@code classPath} in {@code cache}; null when the folder cannot be made or the
     * class path has folders (the JVM refuses to archive those and then exits with status 1).
     */
    static ClassArchive in(Path cache, String classPath) {
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            if (!Files.isRegularFile(Path.of(entry))) {
                return null;
            }
        }
        try {
            Files.createDirectories(cache);
            String key = Integer.toHexString(fingerprint(classPath).hashCode());
            Path archive = cache.resolve(PREFIX + key + SUFFIX);
            Path pending = cache.resolve("." + PREFIX + key + SUFFIX + "." + ProcessHandle.current().pid() + ".tmp");
            return new ClassArchive(archive, pending);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * JVM options that use the archive when it checks out, or write it when there is none yet and
     * the folder can take it; no options at all otherwise. Never a warning on stdout.
     */
    List<String> jvmOptions() {
        List<String> options = new ArrayList<>();
        if (intact()) {
            options.add("-XX:SharedArchiveFile=" + archive);
        } else if (writable()) {
            options.add("-XX:ArchiveClassesAtExit=" + pending);
        } else {
            return options;
        }
        options.add("-Xlog:cds=off");
        options.add("-Xlog:cds+dynamic=off");
        options.add("-XX:+DisplayVMOutputToStderr"); // what the JVM still says about the archive is not output
        return options;
    }

    /** Whether the archive exists and matches its check file; a damaged one is removed (when it can be). */
    private boolean intact() {
        if (!Files.isRegularFile(archive)) {
            return false;
        }
        try {
            String expected = Files.readString(check(archive)).strip();
            if (expected.equals(checksum(archive))) {
                return true;
            }
        } catch (IOException | RuntimeException e) {
            // no check file, or unreadable: not to be trusted
        }
        try {
            Files.deleteIfExists(archive);
            Files.deleteIfExists(check(archive));
        } catch (IOException | RuntimeException e) {
            // a read-only cache keeps its damaged archive; it is ignored all the same
        }
        return false;
    }

    /** Whether the cache folder takes a new file and has room for an archive. */
    private boolean writable() {
        Path folder = archive.getParent();
        try {
            if (Files.getFileStore(folder).getUsableSpace() < MIN_FREE_BYTES) {
                return false;
            }
            Path probe = Files.createTempFile(folder, ".nn-probe-", ".tmp");
            Files.delete(probe);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** After the child exits: a fresh archive from a clean run takes its place (atomically), else is dropped. */
    void settle(int exitCode) {
        try {
            if (exitCode == 0 && Files.isRegularFile(pending) && Files.size(pending) > 0) {
                // The check file goes first: an archive without one is never mapped.
                AtomicFiles.write(check(archive), checksum(pending).getBytes(StandardCharsets.US_ASCII));
                try {
                    Files.move(pending, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(pending, archive, StandardCopyOption.REPLACE_EXISTING);
                }
                prune(archive.getParent());
            }
            Files.deleteIfExists(pending);
        } catch (IOException | RuntimeException e) {
            // A cache that cannot be written only costs start-up time.
        }
    }

    /** Keeps the {@value #KEEP} newest archives and drops the temp files of processes that are gone. */
    static void prune(Path cache) throws IOException {
        List<Path> archives = new ArrayList<>();
        try (Stream<Path> files = Files.list(cache)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
                    archives.add(p);
                } else if (PENDING.matcher(name).matches() && !alive(name)) {
                    Files.deleteIfExists(p);
                }
            }
        }
        archives.sort(Comparator.comparing(ClassArchive::modified).reversed());
        for (Path old : archives.subList(Math.min(KEEP, archives.size()), archives.size())) {
            Files.deleteIfExists(old);
            Files.deleteIfExists(check(old));
        }
    }

    /** Whether the pid in a temp file's name ({@code .nn-classes-KEY.jsa.PID.tmp}) is a running process. */
    private static boolean alive(String tempName) {
        String[] parts = tempName.split("\\.");
        try {
            return ProcessHandle.of(Long.parseLong(parts[parts.length - 2])).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return true; // not a name this class makes: leave it
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static Path check(Path archive) {
        return archive.resolveSibling(archive.getFileName() + CHECK_SUFFIX);
    }

    /** "size crc32c" of a file, read in one pass (a few MB: about a millisecond). */
    static String checksum(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        long size = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                crc.update(buffer, 0, n);
                size += n;
            }
        }
        return size + " " + Long.toHexString(crc.getValue());
    }

    private static Path cacheFolder(java.util.Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("nn");
    }

    private static String fingerprint(String classPath) throws IOException {
        StringBuilder key = new StringBuilder(System.getProperty("java.home")).append('|')
                .append(System.getProperty("java.vm.version"));
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            key.append('|').append(p);
            if (Files.isRegularFile(p)) {
                key.append(':').append(Files.size(p)).append(':').append(Files.getLastModifiedTime(p).toMillis());
            }
        }
        return key.toString();
    }
}
