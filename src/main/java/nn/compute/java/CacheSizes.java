package nn.compute.java;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The data-cache sizes of one core as the OS reports them (Linux sysfs), in bytes; a level the OS
 * does not report (another OS, a container hiding sysfs) gets a conservative default, so blocking
 * never depends on the report being there.
 */
record CacheSizes(int l1d, int l2, int l3) {

    /** What a 2020s x86 or ARM core has at least: 32 KiB L1d, 512 KiB L2, 8 MiB L3. */
    static final CacheSizes DEFAULTS = new CacheSizes(32 << 10, 512 << 10, 8 << 20);

    private static final Path SYSFS = Path.of("/sys/devices/system/cpu/cpu0/cache");

    CacheSizes {
        if (l1d <= 0 || l2 <= 0 || l3 <= 0) {
            throw new IllegalArgumentException("cache sizes must be positive: " + l1d + ", " + l2 + ", " + l3);
        }
    }

    /** The sizes of cpu0 from sysfs, a default for each level it does not report. */
    static CacheSizes detect() {
        return read(SYSFS);
    }

    /** The sizes under a sysfs-style {@code cache} directory ({@code index*} with level, type, size). */
    static CacheSizes read(Path dir) {
        int l1 = 0;
        int l2 = 0;
        int l3 = 0;
        for (int i = 0; i < 8; i++) {
            Path index = dir.resolve("index" + i);
            if (!Files.isDirectory(index)) {
                continue;
            }
            String type = text(index.resolve("type"));
            if (type.equals("Instruction")) {
                continue;
            }
            int size = bytes(text(index.resolve("size")));
            switch (text(index.resolve("level"))) {
                case "1" -> l1 = size;
                case "2" -> l2 = size;
                case "3" -> l3 = size;
                default -> { }
            }
        }
        return new CacheSizes(l1 > 0 ? l1 : DEFAULTS.l1d, l2 > 0 ? l2 : DEFAULTS.l2, l3 > 0 ? l3 : DEFAULTS.l3);
    }

    private static String text(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** "48K", "1024K", "32M", "512" → bytes; 0 when unreadable. */
    static int bytes(String size) {
        String s = size.trim().toUpperCase(Locale.ROOT);
        if (s.isEmpty()) {
            return 0;
        }
        long unit = 1;
        char last = s.charAt(s.length() - 1);
        if (last == 'K' || last == 'M' || last == 'G') {
            unit = last == 'K' ? 1L << 10 : last == 'M' ? 1L << 20 : 1L << 30;
            s = s.substring(0, s.length() - 1);
        }
        try {
            long value = Long.parseLong(s) * unit;
            return value > 0 && value <= Integer.MAX_VALUE ? (int) value : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
