package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The progress line in a real pseudo-terminal (tmux, on a server of its own), at 80 and 120
 * columns, through the relaunching launcher: one line that fits, whole fields two spaces apart in order of priority, and nothing
 * drawn after the final "saved" line.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class TerminalProgressTest {
    @TempDir
    Path out;

    private static boolean hasTmux() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String tmux(String socket, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "tmux hung: " + command);
        return text;
    }

    @ParameterizedTest(name = "{0} columns")
    @ValueSource(ints = {80, 120})
    void oneLineThatFitsAndACleanEnd(int columns) throws Exception {
        Assumptions.assumeTrue(hasTmux(), "tmux is not installed (.ci/run installs it): no pseudo-terminal to test in");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // As users run it: the launcher relaunches, and the child's lines reach the terminal in order.
        String run = "env -u NN_NO_RELAUNCH -u JDK_JAVA_OPTIONS " + quote(java) + " -cp " + quote(System.getProperty("java.class.path"))
                + " nn.cli.Main configs/iris.yaml --set training.epochs=500 --output-dir " + quote(out.toString())
                + "; echo EXIT=$?; sleep 60";
        String socket = "nn-test-" + ProcessHandle.current().pid() + "-" + columns;
        String screen = "";
        try {
            tmux(socket, "new-session", "-d", "-x", String.valueOf(columns), "-y", "40", "-c",
                    Path.of("").toAbsolutePath().toString(), run);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!screen.contains("EXIT=") && System.nanoTime() < deadline) {
                Thread.sleep(300);
                screen = tmux(socket, "capture-pane", "-p");
            }
        } finally {
            tmux(socket, "kill-server");
        }
        assertTrue(screen.contains("EXIT=0"), screen);
        List<String> lines = screen.lines().toList();
        List<String> progress = lines.stream().filter(l -> l.startsWith("epoch ")).toList();
        assertEquals(1, progress.size(), "one progress line, drawn in place:\n" + screen);
        String line = progress.get(0);
        assertTrue(line.length() < columns, "the line does not fit " + columns + " columns:\n" + screen);
        int at = lines.indexOf(line);
        assertTrue(lines.get(at + 1).startsWith("trained "), "the progress line wrapped or was overwritten:\n" + screen);
        assertTrue(line.startsWith("epoch 500/500  batch 8/8  loss ") && line.contains("  accuracy "), line);
        assertFalse(line.contains("samples/sepoch") || line.contains("   "), "fields run together or apart: " + line);
        if (columns >= 120) {
            assertTrue(line.contains(" samples/s  ETA "), "120 columns hold every field: " + line);
        }
        int saved = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("saved ")) {
                saved = i;
            }
        }
        assertTrue(saved > at, "no saved line after the progress line:\n" + screen);
        assertTrue(lines.subList(saved + 1, lines.size()).stream().noneMatch(l -> l.contains("epoch")),
                "a redraw after the final line:\n" + screen);
    }
}
