package nn.compute.java;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;
import jdk.incubator.vector.FloatVector;
import nn.compute.DeviceUnavailableException;

/**
 * Picks and builds the packed GEMM for this CPU: 128-, 256- or 512-bit vectors, as far as the
 * hardware has them ({@link FloatVector#SPECIES_PREFERRED}; wider species would be emulated).
 * {@code NN_VECTOR_BITS} forces a width. Otherwise, when more than one width could win (512-bit
 * is not always faster: some cores split or down-clock it), a CPU known to run 512-bit vectors
 * at full width and clock gets them without timing ({@link #knownWidth}); on any other, a
 * calibration of at most {@link #CALIBRATION_NANOS} times both on one thread, and the choice is
 * cached per CPU model and JDK ({@link VectorWidthCache}). Loaded by name, only when {@code jdk.incubator.vector} is present.
 */
final class VectorKernels {
    static final String ENV = "NN_VECTOR_BITS";
    /**
     * The calibration's budget after its first round; the first round alone is mostly the JIT
     * compiling two Vector API loops (measured: 160–350 ms in all on a loaded 2-core machine).
     */
    static final long CALIBRATION_NANOS = 50_000_000L;

    private VectorKernels() {
    }

    /** The widths this CPU runs natively, narrowest first. */
    static int[] supported() {
        int max = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        return Arrays.stream(new int[] {128, 256, 512}).filter(b -> b <= max).toArray();
    }

    /** Reflective entry point of {@link GemmKernel#create}: {@code bits} 0 chooses the width. */
    static GemmKernel create(WorkerPool pool, int bits) {
        int chosen = bits == 0 ? choose(System.getenv()) : require(bits);
        return create(pool, chosen, CacheSizes.detect());
    }

    static PackedGemm create(WorkerPool pool, int bits, CacheSizes caches) {
        return switch (bits) {
            case 128 -> new Kernel128(pool, caches);
            case 256 -> new Kernel256(pool, caches);
            case 512 -> new Kernel512(pool, caches);
            default -> throw new IllegalArgumentException("vector width must be 128, 256 or 512 bits, got " + bits);
        };
    }

    /** The width to run: forced by {@code NN_VECTOR_BITS}, else cached, else calibrated (and cached). */
    static int choose(Map<String, String> env) {
        String forced = env.get(ENV);
        if (forced != null && !forced.isBlank()) {
            try {
                return require(Integer.parseInt(forced.trim()));
            } catch (NumberFormatException e) {
                throw new DeviceUnavailableException(ENV + " must be 128, 256 or 512, got '" + forced.trim() + "'");
            }
        }
        int[] candidates = candidates(supported());
        if (candidates.length == 1) {
            return candidates[0];
        }
        return Calibrated.BITS;
    }

    /** 128-bit never beats 256 where both exist, so only the two widest compete. */
    static int[] candidates(int[] supported) {
        return supported.length <= 2 && supported[supported.length - 1] <= 256
                ? new int[] {supported[supported.length - 1]}
                : Arrays.copyOfRange(supported, supported.length - 2, supported.length);
    }

    static int require(int bits) {
        if (bits != 128 && bits != 256 && bits != 512) {
            throw new DeviceUnavailableException(ENV + " must be 128, 256 or 512, got " + bits);
        }
        int max = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        if (bits > max) {
            throw new DeviceUnavailableException(ENV + "=" + bits + ", but this CPU's vectors hold at most " + max
                    + " bits");
        }
        return bits;
    }

    /** The cache key: CPU model, architecture and JDK, since each changes which width wins. */
    static String cacheKey() {
        String key = cpuModel() + "|" + System.getProperty("os.arch") + "|" + System.getProperty("java.vm.version");
        return key.replaceAll("[^A-Za-z0-9@ ._|+()-]", "_");
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") || line.startsWith("Model") || line.startsWith("CPU part")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: the architecture and JDK still make a key
        }
        return "unknown-cpu";
    }

    /**
     * Times the FMA peak of each candidate width on one thread, round robin until the budget is
     * spent, and keeps the best of each (the maximum filters out other processes' noise). This
     * measures what decides the choice, a core that splits or down-clocks wide vectors, and it
     * loads no GEMM kernel: on JDK 17 a second kernel class through the same call sites leaves
     * the JIT's code for it about 20× slower (measured), so a process runs one width only.
     */
    static int calibrate(int[] candidates, long budgetNanos) {
        double[] best = new double[candidates.length];
        try (WorkerPool one = new WorkerPool(1)) {
            long end = System.nanoTime() + budgetNanos;
            do {
                for (int i = 0; i < candidates.length; i++) {
                    best[i] = Math.max(best[i], new FmaPeak(one, candidates[i]).measure(1 << 12, 3));
                }
            } while (System.nanoTime() < end);
        }
        int winner = 0;
        for (int i = 1; i < candidates.length; i++) {
            // a wider vector must win clearly (its GEMM tiles are harder to fill): the narrower is the safer default
            if (best[i] > best[winner] * 1.2) {
                winner = i;
            }
        }
        return candidates[winner];
    }

    /**
     * The width to run without timing, where the CPU's family settles it: AMD's Zen 5 and later
     * (family 26 and up) with AVX-512 run 512-bit vectors on 512-bit units at an unchanged clock
     * (measured quiet on an EPYC Zen 5: W2 134.7k vs 110.0k samples/s, W3 216 vs 182 GFLOP/s), so the
     * calibration (its JIT warm-up is most of a cold start's 0.2–0.6 s) is skipped. Intel cores
     * (some lower the clock for 512-bit work) and Zen 4 (two 256-bit halves) are calibrated.
     */
    static OptionalInt knownWidth(String vendor, int family, boolean avx512f, int[] candidates) {
        boolean zen5 = "AuthenticAMD".equals(vendor) && family >= 26 && avx512f;
        return zen5 && Arrays.stream(candidates).anyMatch(b -> b == 512) ? OptionalInt.of(512) : OptionalInt.empty();
    }

    /** {@link #knownWidth} for this machine, from {@code /proc/cpuinfo} (none where it cannot be read). */
    private static OptionalInt knownWidth(int[] candidates) {
        String vendor = null;
        int family = -1;
        boolean avx512f = false;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                String value = line.substring(line.indexOf(':') + 1).trim();
                if (line.startsWith("vendor_id") && vendor == null) {
                    vendor = value;
                } else if (line.startsWith("cpu family") && family < 0) {
                    family = Integer.parseInt(value);
                } else if (line.startsWith("flags")) {
                    avx512f = Arrays.asList(value.split(" ")).contains("avx512f");
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty(); // not Linux, or an odd file: calibrate
        }
        return knownWidth(vendor, family, avx512f, candidates);
    }

    /** The calibrated width, computed once per JVM (it is a property of the machine, like the core count). */
    private static final class Calibrated {
        static final int BITS = lookupOrCalibrate();

        private static int lookupOrCalibrate() {
            int[] candidates = candidates(supported());
            OptionalInt known = knownWidth(candidates);
            if (known.isPresent()) {
                return known.getAsInt();
            }
            VectorWidthCache cache = VectorWidthCache.forUser(System.getenv());
            String key = cacheKey();
            OptionalInt cached = cache.lookup(key);
            if (cached.isPresent() && Arrays.stream(candidates).anyMatch(b -> b == cached.getAsInt())) {
                return cached.getAsInt();
            }
            int bits = calibrate(candidates, CALIBRATION_NANOS);
            cache.store(key, bits);
            return bits;
        }
    }
}
