package nn.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Runs {@link Main#run} once per argument list in this JVM and prints, for each, one line
 * {@code CASE <exit code> <milliseconds> <stderr lines> <cpu milliseconds>} followed by its standard-error lines.
 * {@link HostileConfigTest} starts it with a small heap, so that one JVM start serves every case.
 * Argument lists are separated by a lone {@code ";"}.
 */
public final class HostileInputProbe {
    private HostileInputProbe() {
    }

    public static void main(String[] args) {
        PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int from = 0;
        for (int i = 0; i <= args.length; i++) {
            if (i == args.length || args[i].equals(";")) {
                run(Arrays.copyOfRange(args, from, i), stdout);
                from = i + 1;
            }
        }
    }

    private static void run(String[] args, PrintStream stdout) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        int code;
        try (PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, out, e);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long cpuMillis = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
        String[] lines = err.toString(StandardCharsets.UTF_8).lines().toArray(String[]::new);
        stdout.println("CASE " + code + " " + millis + " " + lines.length + " " + cpuMillis);
        for (String line : lines) {
            stdout.println(line);
        }
    }
}
