package nn.compute.java;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;

/**
 * The calibrated vector width per CPU model and JDK, in {@code vector-width.properties} in the
 * same directory as the CLI's class archive ({@code $XDG_CACHE_HOME/nn}, else {@code ~/.cache/nn}).
 * A cache is only a shortcut: an unreadable, damaged, oversized or unwritable file never fails a
 * run, it only costs the calibration again. Writes go to a temporary file moved into place, so a
 * reader never sees half a file.
 */
final class VectorWidthCache {
    static final String FILE = "vector-width.properties";
    /** A sane file holds a few lines; anything bigger is not ours and is ignored. */
    private static final long MAX_BYTES = 64 << 10;

    private final Path file;

    VectorWidthCache(Path directory) {
        this.file = directory == null ? null : directory.resolve(FILE);
    }

    /** The cache of this user: {@code $XDG_CACHE_HOME/nn}, else {@code ~/.cache/nn}; none without a home. */
    static VectorWidthCache forUser(Map<String, String> env) {
        return new VectorWidthCache(directory(env, System.getProperty("user.home")));
    }

    static Path directory(Map<String, String> env, String home) {
        String xdg = env.get("XDG_CACHE_HOME");
        try {
            if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
                return Path.of(xdg, "nn");
            }
            return home == null || home.isBlank() ? null : Path.of(home, ".cache", "nn");
        } catch (RuntimeException e) {
            return null; // an invalid path in the environment: no cache
        }
    }

    /** The width stored for {@code key}, if the file is readable and holds a valid one. */
    OptionalInt lookup(String key) {
        Properties p = load();
        String value = p.getProperty(key);
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            int bits = Integer.parseInt(value.trim());
            return bits == 128 || bits == 256 || bits == 512 ? OptionalInt.of(bits) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** Stores {@code bits} for {@code key}, keeping other keys; true when it was written. */
    boolean store(String key, int bits) {
        if (file == null) {
            return false;
        }
        Path tmp = null;
        try {
            Properties p = load();
            p.setProperty(key, Integer.toString(bits));
            Files.createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "nn: the faster vector width per CPU model and JDK (safe to delete)");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            return false; // read-only home, full disk, a directory in the way: calibrate again next time
        }
    }

    private Properties load() {
        Properties p = new Properties();
        if (file == null) {
            return p;
        }
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                return p;
            }
            try (InputStream in = Files.newInputStream(file)) {
                String text = new String(in.readNBytes((int) MAX_BYTES), StandardCharsets.ISO_8859_1);
                p.load(new StringReader(text));
            }
        } catch (IOException | RuntimeException e) {
            p.clear(); // damaged: treat as empty, the next store replaces it
        }
        return p;
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException | RuntimeException ignored) {
                // a stray temporary file is harmless
            }
        }
    }
}
