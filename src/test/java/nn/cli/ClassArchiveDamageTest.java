package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-archive cache is an optimisation: a damaged, unwritable or crowded cache must never
 * fail a command, print JVM messages on stdout or crash the JVM (a truncated archive is mapped and
 * dies of SIGBUS, leaving hs_err_pid*.log in the working folder).
 */
class ClassArchiveDamageTest {
    @TempDir
    Path dir;

    /** A stand-in nn.jar, written once: its size and time are part of the archive's key. */
    private Path jar() throws IOException {
        Path jar = dir.resolve("nn.jar");
        return Files.exists(jar) ? jar : Files.writeString(jar, "jar");
    }

    private static String option(List<String> options) {
        return options.isEmpty() ? "" : options.get(0);
    }

    @Test
    void aTruncatedArchiveIsNotMappedButRemovedAndRewritten() throws IOException {
        Path cache = dir.resolve("nn");
        ClassArchive first = ClassArchive.in(cache, jar().toString());
        String dump = option(first.jvmOptions());
        Files.writeString(Path.of(dump.substring(dump.indexOf('=') + 1)), "a complete archive");
        first.settle(0);
        Path archive;
        try (Stream<Path> files = Files.list(cache)) {
            archive = files.filter(p -> p.toString().endsWith(".jsa")).findFirst().orElseThrow();
        }
        Files.writeString(archive, "a compl"); // truncated, as by a full disk or a crash mid-copy
        List<String> options = ClassArchive.in(cache, jar().toString()).jvmOptions();
        assertTrue(option(options).startsWith("-XX:ArchiveClassesAtExit="), options.toString());
        assertFalse(Files.exists(archive), "the damaged archive stays");
        assertTrue(options.contains("-XX:+DisplayVMOutputToStderr"), options.toString());
    }

    @Test
    void anArchiveWithoutItsCheckFileIsNotTrusted() throws IOException {
        Path cache = dir.resolve("nn");
        ClassArchive run = ClassArchive.in(cache, jar().toString());
        String dump = option(run.jvmOptions());
        Path archive = Path.of(dump.substring(dump.indexOf('=') + 1).replaceFirst("^(.*)/\\.(nn-classes-[0-9a-f]+\\.jsa).*$", "$1/$2"));
        Files.writeString(archive, "written by an older nn, or by hand");
        assertTrue(option(ClassArchive.in(cache, jar().toString()).jvmOptions()).startsWith("-XX:ArchiveClassesAtExit="));
    }

    @Test
    void aReadOnlyCacheRunsWithoutWritingAnArchive() throws IOException {
        Path cache = Files.createDirectories(dir.resolve("nn"));
        assertTrue(cache.toFile().setWritable(false, false));
        try {
            Assumptions.assumeFalse(Files.isWritable(cache), "running as root: a read-only folder is still writable");
            assertEquals(List.of(), ClassArchive.in(cache, jar().toString()).jvmOptions());
        } finally {
            cache.toFile().setWritable(true, false);
        }
    }

    @Test
    void aCacheThatIsAFileGivesNoArchive() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("cache"), "a file where the cache folder would be");
        assertEquals(null, ClassArchive.in(notAFolder.resolve("nn"), jar().toString()));
    }

    @Test
    void onlyTheNewestArchivesAreKeptAndDeadProcessesTempFilesGo() throws IOException {
        Path cache = Files.createDirectories(dir.resolve("nn"));
        for (int i = 0; i < 5; i++) {
            Path old = Files.writeString(cache.resolve("nn-classes-0000000" + i + ".jsa"), "old " + i);
            Files.writeString(cache.resolve(old.getFileName() + ".check"), "x");
            Files.setLastModifiedTime(old, FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        Path stale = Files.writeString(cache.resolve(".nn-classes-00000009.jsa.2147483646.tmp"), "from a killed run");
        Path unrelated = Files.writeString(cache.resolve(".notes.tmp"), "not ours");
        ClassArchive run = ClassArchive.in(cache, jar().toString());
        String dump = option(run.jvmOptions());
        Files.writeString(Path.of(dump.substring(dump.indexOf('=') + 1)), "new");
        run.settle(0);
        List<String> left;
        try (Stream<Path> files = Files.list(cache)) {
            left = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jsa")).sorted().toList();
        }
        assertEquals(ClassArchive.KEEP, left.size(), left.toString());
        assertTrue(left.contains("nn-classes-00000004.jsa") && left.contains("nn-classes-00000003.jsa"), left.toString());
        assertFalse(Files.exists(cache.resolve("nn-classes-00000000.jsa.check")));
        assertFalse(Files.exists(stale), "a dead process's temp file stays");
        assertTrue(Files.exists(unrelated), "a temp file nn did not name was removed");
    }

    /** A real launcher JVM on a jar class path, with a truncated archive in its cache: no SIGBUS, clean stdout. */
    @Test
    void aRealJvmWithATruncatedArchiveRunsCleanly() throws Exception {
        Path classes = Path.of("target/classes");
        Assumptions.assumeTrue(Files.isDirectory(classes), "no target/classes to jar up");
        Path jar = dir.resolve("nn-test.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace(File.separatorChar, '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
        List<String> classPath = new ArrayList<>(List.of(jar.toString()));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && !entry.contains("junit") && !entry.contains("opentest4j")) {
                classPath.add(entry);
            }
        }
        Path work = Files.createDirectories(dir.resolve("work"));
        Path cache = dir.resolve("xdg");
        assertTrue(run(classPath, cache, work, false).startsWith("nn "));
        if (Files.exists(cache.resolve("nn"))) {
            try (Stream<Path> files = Files.list(cache.resolve("nn"))) {
                assertFalse(files.anyMatch(p -> p.toString().endsWith(".jsa")), "an archive was written without NN_CDS=1");
            }
        }
        String first = run(classPath, cache, work, true);
        assertTrue(first.startsWith("nn "), first);
        Path archive;
        try (Stream<Path> files = Files.list(cache.resolve("nn"))) {
            archive = files.filter(p -> p.toString().endsWith(".jsa")).findFirst()
                    .orElseThrow(() -> new AssertionError("the first run wrote no archive"));
        }
        archive.toFile().setWritable(true);
        try (var channel = java.nio.channels.FileChannel.open(archive, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(archive) / 2);
        }
        String second = run(classPath, cache, work, true);
        assertTrue(second.startsWith("nn ") && !second.contains("#"), second);
        try (Stream<Path> files = Files.list(work)) {
            assertEquals(List.of(), files.map(Path::toString).toList(), "the JVM left crash files");
        }
    }

    /** {@code nn --version} in a launcher JVM, with the archive asked for or not; returns stdout after asserting exit 0. */
    private static String run(List<String> classPath, Path cache, Path work, boolean archive) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classPath), "nn.cli.Main", "--version");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().put("XDG_CACHE_HOME", cache.toString());
        builder.environment().remove(ClassArchive.OPT_OUT_ENV);
        builder.environment().remove(Relauncher.OPT_OUT_ENV);
        if (archive) {
            builder.environment().put(ClassArchive.OPT_IN_ENV, "1");
        } else {
            builder.environment().remove(ClassArchive.OPT_IN_ENV);
        }
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not finish");
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
