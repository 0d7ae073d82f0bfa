package nn.compute.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import nn.compute.DeviceUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the width is chosen and cached, and how cache sizes become block sizes. */
class VectorWidthTest {
    @TempDir
    Path temp;

    @Test
    void nnVectorBitsForcesAWidthAndRejectsOthersInOneLine() {
        int widest = JavaBackend.vectorWidths().get(JavaBackend.vectorWidths().size() - 1);
        assertEquals(128, VectorKernels.choose(Map.of("NN_VECTOR_BITS", "128")));
        assertEquals(widest, VectorKernels.choose(Map.of("NN_VECTOR_BITS", " " + widest + " ")));
        DeviceUnavailableException bad = assertThrows(DeviceUnavailableException.class,
                () -> VectorKernels.choose(Map.of("NN_VECTOR_BITS", "300")));
        assertEquals("NN_VECTOR_BITS must be 128, 256 or 512, got 300", bad.getMessage());
        assertThrows(DeviceUnavailableException.class, () -> VectorKernels.choose(Map.of("NN_VECTOR_BITS", "wide")));
        if (widest < 512) {
            assertTrue(assertThrows(DeviceUnavailableException.class,
                    () -> VectorKernels.choose(Map.of("NN_VECTOR_BITS", "512"))).getMessage().contains("at most"));
        }
    }

    @Test
    void onlyTheTwoWidestWidthsCompeteAndOneWidthNeedsNoCalibration() {
        assertArrayEquals(new int[] {128}, VectorKernels.candidates(new int[] {128}));
        assertArrayEquals(new int[] {256}, VectorKernels.candidates(new int[] {128, 256}));
        assertArrayEquals(new int[] {256, 512}, VectorKernels.candidates(new int[] {128, 256, 512}));
    }

    @Test
    void onlyAmdZen5AndLaterWithAvx512SkipTheCalibration() {
        int[] both = {256, 512};
        assertEquals(OptionalInt.of(512), VectorKernels.knownWidth("AuthenticAMD", 26, true, both));
        assertEquals(OptionalInt.of(512), VectorKernels.knownWidth("AuthenticAMD", 27, true, both));
        assertEquals(OptionalInt.empty(), VectorKernels.knownWidth("AuthenticAMD", 25, true, both), "Zen 4");
        assertEquals(OptionalInt.empty(), VectorKernels.knownWidth("AuthenticAMD", 26, false, both), "no AVX-512");
        assertEquals(OptionalInt.empty(), VectorKernels.knownWidth("GenuineIntel", 6, true, both));
        assertEquals(OptionalInt.empty(), VectorKernels.knownWidth(null, -1, false, both), "unreadable cpuinfo");
        assertEquals(OptionalInt.empty(), VectorKernels.knownWidth("AuthenticAMD", 26, true, new int[] {128, 256}),
                "512 bits not among the candidates (the JVM offers less)");
    }

    @Test
    void calibrationPicksOneOfTheCandidatesWithinItsBudget() {
        int[] widths = JavaBackend.vectorWidths().stream().mapToInt(Integer::intValue).toArray();
        int[] candidates = VectorKernels.candidates(widths);
        int chosen = VectorKernels.calibrate(candidates, 20_000_000L);
        assertTrue(java.util.Arrays.stream(candidates).anyMatch(b -> b == chosen), "chose " + chosen);
    }

    @Test
    void theCacheRoundTripsAndKeepsOtherKeys() {
        VectorWidthCache cache = new VectorWidthCache(temp.resolve("nn"));
        assertEquals(OptionalInt.empty(), cache.lookup("cpu|jdk"));
        assertTrue(cache.store("cpu|jdk", 512));
        assertTrue(cache.store("other|jdk", 256));
        assertEquals(OptionalInt.of(512), cache.lookup("cpu|jdk"));
        assertEquals(OptionalInt.of(256), new VectorWidthCache(temp.resolve("nn")).lookup("other|jdk"));
    }

    @Test
    void aDamagedOversizedOrUnwritableCacheIsIgnored() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("damaged"));
        Files.writeString(dir.resolve(VectorWidthCache.FILE), "cpu|jdk=777\n\u0000\u0001garbage=\\u12");
        VectorWidthCache damaged = new VectorWidthCache(dir);
        assertEquals(OptionalInt.empty(), damaged.lookup("cpu|jdk"));
        assertTrue(damaged.store("cpu|jdk", 256), "a damaged file is replaced");
        assertEquals(OptionalInt.of(256), damaged.lookup("cpu|jdk"));

        Path big = Files.createDirectories(temp.resolve("big"));
        Files.writeString(big.resolve(VectorWidthCache.FILE), "cpu|jdk=256\n" + "#".repeat(100_000));
        assertEquals(OptionalInt.empty(), new VectorWidthCache(big).lookup("cpu|jdk"));

        // A file where the directory should be: nothing can be written, nothing fails.
        Path blocked = Files.writeString(temp.resolve("blocked"), "not a directory");
        VectorWidthCache unwritable = new VectorWidthCache(blocked.resolve("nn"));
        assertFalse(unwritable.store("cpu|jdk", 512));
        assertEquals(OptionalInt.empty(), unwritable.lookup("cpu|jdk"));
        assertFalse(new VectorWidthCache(null).store("k", 256));
    }

    @Test
    void theCacheLivesWithTheClassArchive() {
        assertEquals(Path.of("/x/cache", "nn"), VectorWidthCache.directory(Map.of("XDG_CACHE_HOME", "/x/cache"), "/home/u"));
        assertEquals(Path.of("/home/u", ".cache", "nn"), VectorWidthCache.directory(Map.of(), "/home/u"));
        assertEquals(Path.of("/home/u", ".cache", "nn"),
                VectorWidthCache.directory(Map.of("XDG_CACHE_HOME", "relative"), "/home/u"), "XDG paths must be absolute");
        assertEquals(null, VectorWidthCache.directory(Map.of(), null));
    }

    @Test
    void cacheSizesComeFromSysfsWithDefaultsForWhatIsMissing() throws IOException {
        Path sys = temp.resolve("cache");
        level(sys, 0, "1", "Data", "48K");
        level(sys, 1, "1", "Instruction", "32K");
        level(sys, 2, "2", "Unified", "1024K");
        assertEquals(new CacheSizes(48 << 10, 1 << 20, CacheSizes.DEFAULTS.l3()), CacheSizes.read(sys));
        assertEquals(CacheSizes.DEFAULTS, CacheSizes.read(temp.resolve("absent")));
        level(sys, 3, "3", "Unified", "garbage");
        assertEquals(CacheSizes.DEFAULTS.l3(), CacheSizes.read(sys).l3());
        assertEquals(32 << 20, CacheSizes.bytes("32M"));
        assertEquals(0, CacheSizes.bytes(""));
    }

    @Test
    void blockSizesFollowTheCachesAndStayUsableForTinyOnes() {
        Blocking zen5 = Blocking.of(new CacheSizes(48 << 10, 1 << 20, 32 << 20), 6, 32);
        assertEquals(256, zen5.kc(), "a 256 × 32 strip of b fills two thirds of a 48 KiB L1");
        assertEquals(1024, zen5.kcTransposedB(), "a 1024 × 32 strip of bᵀ fills an eighth of a 1 MiB L2");
        assertEquals(0, zen5.mc() % 6);
        assertEquals(0, zen5.nc() % 32);
        Blocking tiny = Blocking.of(new CacheSizes(1, 1, 1), 6, 32);
        assertEquals(new Blocking(16, 6, 32, 16), tiny, "clamped to one tile and a depth of 16");
    }

    private static void level(Path sys, int index, String level, String type, String size) throws IOException {
        Path dir = Files.createDirectories(sys.resolve("index" + index));
        Files.writeString(dir.resolve("level"), level + "\n");
        Files.writeString(dir.resolve("type"), type + "\n");
        Files.writeString(dir.resolve("size"), size + "\n");
    }
}
