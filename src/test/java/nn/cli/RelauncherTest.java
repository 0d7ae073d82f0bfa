package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The traps of restarting the JVM, each on a real parent JVM started without the Vector API
 * module: exit codes (130 included), stdin, the incubator warning, Ctrl-C, SIGKILL of the parent,
 * one relaunch only, and the opt-out.
 */
class RelauncherTest {

    @Test
    void theChildHasTheVectorModuleAndItsExitCodeBecomesTheParents() throws Exception {
        for (int code : new int[] {0, 3, 130}) {
            Run run = probe(List.of("exit", String.valueOf(code)), "", false);
            assertEquals(code, run.exitCode());
            assertTrue(run.stdout().contains("vector=true"), run.stdout());
        }
    }

    @Test
    void stdinReachesTheChild() throws Exception {
        Run run = probe(List.of("echo"), "hello from stdin\n", false);
        assertEquals(0, run.exitCode());
        assertTrue(run.stdout().contains("read=hello from stdin"), run.stdout());
    }

    @Test
    void theIncubatorWarningIsDroppedAndOtherStderrPassesThrough() throws Exception {
        Run run = probe(List.of("exit", "0"), "", false);
        assertFalse(run.stderr().contains("incubator"), run.stderr());
        assertTrue(run.stderr().contains("probe stderr line"), run.stderr());
    }

    @Test
    void optingOutRunsInProcessWithoutTheModule() throws Exception {
        Run run = probe(List.of("exit", "0"), "", true);
        assertTrue(run.stdout().contains("vector=false"), run.stdout());
    }

    @Test
    void exactlyOneChildAndCtrlCEndsBothWith130() throws Exception {
        Assumptions.assumeFalse(InheritedSignals.ignored(InheritedSignals.SIGINT),
                "this JVM was started with SIGINT ignored, so its children are too");
        Process parent = start(List.of("sleep"), false);
        long childPid = childPid(parent);
        List<ProcessHandle> descendants = parent.toHandle().descendants().toList();
        assertEquals(1, descendants.size(), "one relaunch, never two: " + descendants);
        // A terminal's Ctrl-C signals the whole foreground group: parent and child.
        signal("INT", parent.pid());
        signal("INT", childPid);
        assertTrue(parent.waitFor(20, TimeUnit.SECONDS), "parent still running after Ctrl-C");
        assertEquals(130, parent.exitValue());
    }

    @Test
    void sigtermToTheParentWaitsForTheChildsSaveAndEndsWith143() throws Exception {
        Process parent = start(List.of("slow-save"), false);
        BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertTrue(first != null && first.startsWith("pid="), "no pid line: " + first);
        signal("TERM", parent.pid()); // the parent only, as kill, timeout and systemd's main-process mode do
        assertTrue(parent.waitFor(20, TimeUnit.SECONDS), "parent still running after SIGTERM");
        String rest = out.lines().reduce("", (a, b) -> a + b + "\n");
        assertEquals(ExitCode.TERMINATED, parent.exitValue());
        assertTrue(rest.contains("saved"), "the child was stopped before its save finished: '" + rest + "'");
    }

    @Test
    void theChildStopsWhenTheParentIsKilled() throws Exception {
        Process parent = start(List.of("sleep"), false);
        long childPid = childPid(parent);
        ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
        parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
        parent.waitFor(10, TimeUnit.SECONDS);
        try {
            child.onExit().get(20, TimeUnit.SECONDS);
        } finally {
            child.destroyForcibly();
        }
        assertFalse(child.isAlive(), "the child trains on as an orphan");
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run probe(List<String> args, String stdin, boolean optOut) throws Exception {
        Process p = start(args, optOut);
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> copy(p, err));
        errReader.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe did not finish");
        errReader.join();
        return new Run(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
    }

    private static void copy(Process p, ByteArrayOutputStream err) {
        try {
            p.getErrorStream().transferTo(err);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A parent JVM without the Vector API module (unlike the test JVM itself). */
    private static Process start(List<String> args, boolean optOut) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RelaunchProbe.class.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        if (optOut) {
            builder.environment().put(Relauncher.OPT_OUT_ENV, "1");
        } else {
            builder.environment().remove(Relauncher.OPT_OUT_ENV);
        }
        return builder.start();
    }

    /** Reads the child's "pid=" line (the relaunched child prints it, not the parent). */
    private static long childPid(Process parent) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("pid="), "no pid line: " + line);
        long pid = Long.parseLong(line.substring(4, line.indexOf(' ')));
        assertTrue(pid != parent.pid(), "the probe ran in the parent");
        return pid;
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

}
