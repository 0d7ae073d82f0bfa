package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile config files, each run through {@link Main#run} in one forked JVM with {@code -Xmx64m}
 * (see {@link HostileInputProbe}): every one must end with exit code 2 and a one-line message
 * (two for an alias bomb: its first anchor and first alias) within 2 seconds, never an
 * OutOfMemoryError, a StackOverflowError or an internal error. The budget is on the CPU time of
 * the thread that ran the case: the work a hostile file costs, which other processes on a busy
 * machine cannot inflate (wall time under a loaded CI was seen to pass 2 s); a case that blocks
 * without working is caught by the probe's own 120 s limit.
 */
class HostileConfigTest {
    private static final long BUDGET_MILLIS = 2000;

    @TempDir
    static Path dir;

    private static final Map<String, Outcome> OUTCOMES = new LinkedHashMap<>();

    /** What one case printed. */
    record Outcome(int exitCode, long millis, long cpuMillis, List<String> lines) {
    }

    @BeforeAll
    static void runEveryCaseInASmallHeap() throws IOException, InterruptedException {
        String xor = Files.readString(Path.of("configs/xor.yaml"));
        Map<String, Path> cases = new LinkedHashMap<>();
        cases.put("warm-up", write("warm-up.yaml", ""));
        cases.put("empty", write("empty.yaml", ""));
        cases.put("comments", write("comments.yaml", "# only a comment\n\n   # and another\n"));
        cases.put("directory", Files.createDirectories(dir.resolve("folder.yaml")));
        cases.put("missing", dir.resolve("missing.yaml"));
        cases.put("latin1", writeBytes("latin1.yaml", xor.replace("name: xor", "name: caf\u00e9")
                .getBytes(StandardCharsets.ISO_8859_1)));
        cases.put("duplicate", write("duplicate.yaml", xor.replace("seed: 42", "seed: 42\nseed: 43")));
        cases.put("tabs", write("tabs.yaml", xor.replace("  input: 2", "\tinput: 2")));
        cases.put("bomb", write("bomb.yaml", billionLaughs()));
        cases.put("deep-lists", write("deep-lists.yaml", "name: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n"));
        cases.put("deep-maps", write("deep-maps.yaml", "name: " + "{a: ".repeat(10_000) + "1" + "}".repeat(10_000) + "\n"));
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            block.append("  ".repeat(i)).append("k:\n");
        }
        cases.put("deep-block", write("deep-block.yaml", block.toString()));
        cases.put("huge-float", write("huge-float.yaml", xor.replace("learning_rate: 0.5", "learning_rate: 1e400")));
        cases.put("huge-int", write("huge-int.yaml", xor.replace("epochs: 2000", "epochs: 99999999999999999999")));
        cases.put("long-number", write("long-number.yaml", xor.replace("epochs: 2000", "epochs: " + "9".repeat(5000))));
        cases.put("long-string", write("long-string.yaml", xor.replace("name: xor", "name: " + "x".repeat(512 * 1024))));
        cases.put("huge-file", write("huge-file.yaml", xor.replace("name: xor", "name: \"" + "x".repeat(5 << 20) + "\"")));
        cases.put("long-name", write("long-name.yaml", xor.replace("name: xor", "name: " + "n".repeat(300))));
        if (Files.exists(Path.of("/dev/zero"))) {
            cases.put("endless", Path.of("/dev/zero"));
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-Xss512k", "-cp", System.getProperty("java.class.path"), HostileInputProbe.class.getName()));
        for (Path file : cases.values()) {
            command.addAll(List.of(file.toString(), "--output-dir", dir.resolve("models").toString(), "-q", ";"));
        }
        Path output = dir.resolve("probe.out");
        // Standard error apart: a library's own warning on the JVM's stderr is not the CLI's message.
        Process probe = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(dir.resolve("probe.err").toFile()).start();
        if (!probe.waitFor(120, TimeUnit.SECONDS)) {
            probe.destroyForcibly();
            throw new AssertionError("the probe did not finish in 120 s:\n" + Files.readString(output));
        }
        String printed = Files.readString(output);
        assertEquals(0, probe.exitValue(), printed);
        List<String> lines = printed.lines().toList();
        List<String> names = new ArrayList<>(cases.keySet());
        int at = 0;
        for (String name : names) {
            String[] head = lines.get(at).split(" ");
            assertEquals("CASE", head[0], printed);
            int count = Integer.parseInt(head[3]);
            List<String> err = lines.subList(at + 1, at + 1 + count).stream()
                    .map(l -> l.replace(cases.get(name).toString(), "FILE")).toList();
            OUTCOMES.put(name, new Outcome(Integer.parseInt(head[1]), Long.parseLong(head[2]),
                    Long.parseLong(head[4]), err));
            at += 1 + count;
        }
        // The figures for docs/reliability-notes.md, in the surefire report.
        OUTCOMES.forEach((name, o) -> System.out.println("hostile " + name + ": exit " + o.exitCode() + " in "
                + o.millis() + " ms (" + o.cpuMillis() + " ms CPU)"));
    }

    private static String billionLaughs() {
        StringBuilder yaml = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            String previous = "*" + (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [").append(String.join(", ", List.of(previous, previous,
                    previous, previous, previous, previous, previous, previous, previous))).append("]\n");
        }
        return yaml.toString();
    }

    private static Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static Path writeBytes(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static List<String> refused(String name) {
        Outcome outcome = OUTCOMES.get(name);
        assertEquals(2, outcome.exitCode(), name + ": " + outcome.lines());
        assertTrue(outcome.cpuMillis() < BUDGET_MILLIS, name + " took " + outcome.cpuMillis() + " ms of CPU ("
                + outcome.millis() + " ms wall)");
        return outcome.lines();
    }

    private static void refusedWith(String name, String line) {
        assertEquals(List.of(line), refused(name));
    }

    @Test
    void emptyFile() {
        refusedWith("empty", "FILE:1:1: the file is empty; expected a mapping with the keys name, network, loss, "
                + "optimizer, training and data");
    }

    @Test
    void onlyComments() {
        refusedWith("comments", "FILE:1:1: the file is empty; expected a mapping with the keys name, network, loss, "
                + "optimizer, training and data");
    }

    @Test
    void directoryInsteadOfAFile() {
        refusedWith("directory", "FILE: is a directory; expected a YAML config file");
    }

    @Test
    void missingFile() {
        refusedWith("missing", "FILE: file not found");
    }

    @Test
    void notUtf8() {
        refusedWith("latin1", "FILE:1:1: the file is not UTF-8 text");
    }

    @Test
    void duplicateKey() {
        refusedWith("duplicate", "FILE:6:1: seed: duplicate key 'seed'; first given at line 5:1");
    }

    @Test
    void tabIndentation() {
        List<String> lines = refused("tabs");
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("FILE:7:") && lines.get(0).contains("(Do not use \\t(TAB) for indentation)"),
                lines.get(0));
    }

    @Test
    void billionLaughsNamesItsFirstAnchorAndFirstAlias() {
        assertEquals(List.of("FILE:1:4: a: YAML anchors and aliases are not supported; write the value out",
                "FILE:2:8: b[0]: YAML anchors and aliases are not supported; write the value out"), refused("bomb"));
    }

    @Test
    void tenThousandNestedLists() {
        refusedWith("deep-lists", "FILE:1:38: name" + "[0]".repeat(12) + "…" + "[0]".repeat(13) + ": "
                + "nested more than 32 levels deep; expected a config a few levels deep");
    }

    @Test
    void tenThousandNestedMappings() {
        refusedWith("deep-maps", "FILE:1:131: name" + ".a".repeat(31) + ": "
                + "nested more than 32 levels deep; expected a config a few levels deep");
    }

    @Test
    void deepBlockMappings() {
        refusedWith("deep-block", "FILE:33:65: " + "k.".repeat(31) + "k: "
                + "nested more than 32 levels deep; expected a config a few levels deep");
    }

    @Test
    void floatBeyondDouble() {
        refusedWith("huge-float", "FILE:13:40: optimizer.learning_rate: expected a finite number, got 1e400");
    }

    @Test
    void integerBeyondInt() {
        refusedWith("huge-int", "FILE:14:21: training.epochs: 99999999999999999999 is too large; expected an integer "
                + "up to 2147483647");
    }

    @Test
    void fiveThousandDigitNumber() {
        refusedWith("long-number", "FILE:14:21: training.epochs: a value of 5000 characters; expected at most 4096");
    }

    @Test
    void halfMegabyteString() {
        refusedWith("long-string", "FILE:4:7: name: a value of 524288 characters; expected at most 4096");
    }

    @Test
    void fiveMegabyteFile() {
        refusedWith("huge-file", "FILE: the file is larger than 1 MiB; expected a config of a few KiB "
                + "(large data belongs in a CSV file: data.train.csv)");
    }

    @Test
    void endlessFile() {
        if (OUTCOMES.containsKey("endless")) {
            refusedWith("endless", "FILE: the file is larger than 1 MiB; expected a config of a few KiB "
                    + "(large data belongs in a CSV file: data.train.csv)");
        }
    }

    @Test
    void nameTooLongForAFolder() {
        refusedWith("long-name", "FILE:4:7: name: must be at most 100 characters (it names the model folder), got "
                + "'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn… (300 characters)'");
    }
}
