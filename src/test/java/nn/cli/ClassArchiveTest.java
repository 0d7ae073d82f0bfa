package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassArchiveTest {
    @TempDir
    Path cache;

    private static Path pending(List<String> options) {
        String option = options.get(0);
        assertTrue(option.startsWith("-XX:ArchiveClassesAtExit="), option);
        return Path.of(option.substring(option.indexOf('=') + 1));
    }

    @Test
    void firstRunWritesTheArchiveLaterRunsUseIt() throws IOException {
        Path jar = Files.writeString(cache.resolve("nn.jar"), "jar");
        ClassArchive first = ClassArchive.in(cache.resolve("nn"), jar.toString());
        Path pending = pending(first.jvmOptions());
        assertTrue(first.jvmOptions().contains("-Xlog:cds=off"), "a stale archive must not print warnings");
        Files.writeString(pending, "archive");   // what the JVM writes at exit
        first.settle(0);
        assertFalse(Files.exists(pending));
        List<String> second = ClassArchive.in(cache.resolve("nn"), jar.toString()).jvmOptions();
        assertTrue(second.get(0).startsWith("-XX:SharedArchiveFile="), second.toString());
        assertEquals("archive", Files.readString(Path.of(second.get(0).substring(second.get(0).indexOf('=') + 1))));
    }

    @Test
    void theArchiveIsUsedOnlyWhenAskedFor() throws IOException {
        // off by default: a JVM that mapped it trained at 0.52-0.79x the samples/s (see ClassArchive)
        Path jar = Files.writeString(cache.resolve("nn.jar"), "jar");
        String xdg = cache.toString();
        assertEquals(null, ClassArchive.forClassPath(jar.toString(), java.util.Map.of("XDG_CACHE_HOME", xdg)));
        assertEquals(null, ClassArchive.forClassPath(jar.toString(),
                java.util.Map.of("XDG_CACHE_HOME", xdg, "NN_CDS", "1", "NN_NO_CDS", "1")));
        ClassArchive asked = ClassArchive.forClassPath(jar.toString(), java.util.Map.of("XDG_CACHE_HOME", xdg, "NN_CDS", "1"));
        assertTrue(pending(asked.jvmOptions()).startsWith(cache.resolve("nn")), asked.jvmOptions().toString());
    }

    @Test
    void aClassPathWithFoldersGetsNoArchive() throws IOException {
        Path jar = Files.writeString(cache.resolve("nn.jar"), "jar");
        assertEquals(null, ClassArchive.in(cache.resolve("nn"), jar + java.io.File.pathSeparator + cache));
    }

    @Test
    void aFailedRunLeavesNoArchiveAndARebuiltJarGetsANewOne() throws IOException {
        Path jar = Files.writeString(cache.resolve("nn.jar"), "jar");
        ClassArchive run = ClassArchive.in(cache.resolve("nn"), jar.toString());
        Path pending = pending(run.jvmOptions());
        Files.writeString(pending, "half-written");
        run.settle(130);
        try (var files = Files.list(cache.resolve("nn"))) {
            assertEquals(0, files.count(), "an interrupted run's archive is dropped");
        }
        Files.writeString(pending, "archive");
        run.settle(0);
        Files.writeString(jar, "rebuilt, longer");
        pending(ClassArchive.in(cache.resolve("nn"), jar.toString()).jvmOptions());
    }
}
