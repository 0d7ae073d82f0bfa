package nn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Restarts the JVM with {@code --add-modules jdk.incubator.vector} so that {@code java -jar nn.jar}
 * gets the Vector API matrix kernel without user flags ({@code java -jar} cannot add modules from
 * the manifest). The parent only relays: stdin and stdout are inherited, stderr is copied without
 * the JVM's "Using incubator modules" line, Ctrl-C is left to the child (both get SIGINT from the
 * terminal; the parent ignores it and waits), SIGTERM is passed on and waited for likewise, and the
 * child's exit code (130 and 143 included) becomes the parent's. A child whose parent disappears (SIGKILL) stops itself. No relaunch happens twice, in
 * tests (they call {@link Main#run}), when the module is already there, or with
 * {@code NN_NO_RELAUNCH=1}.
 */
final class Relauncher {
    /** System property the child gets: the parent's pid. */
    static final String PARENT_PROPERTY = "nn.relaunched.parent";
    static final String OPT_OUT_ENV = "NN_NO_RELAUNCH";
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules: " + VECTOR_MODULE;

    private Relauncher() {
    }

    /**
     * In a JVM without the Vector API module: runs {@code mainClass} with {@code args} in a child
     * JVM that has it and returns the child's exit code. Otherwise returns empty and the caller
     * goes on in this JVM (in a relaunched child, after arranging to stop with the parent).
     */
    static OptionalInt relaunchIfNeeded(String mainClass, String[] args) {
        String parent = System.getProperty(PARENT_PROPERTY);
        if (parent != null) {
            stopWithParent(parent);
            return OptionalInt.empty();
        }
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent() || "1".equals(System.getenv(OPT_OUT_ENV))) {
            return OptionalInt.empty();
        }
        ClassArchive archive = ClassArchive.forClassPath(System.getProperty("java.class.path"), System.getenv());
        List<String> command = childCommand(mainClass, args, archive);
        if (command == null) {
            return OptionalInt.empty();
        }
        try {
            int code = runChild(command, args.length > 0 && args[0].equals("serve"));
            if (archive != null) {
                archive.settle(code);
            }
            return OptionalInt.of(code);
        } catch (IOException e) {
            return OptionalInt.empty(); // no child JVM: run here, on the scalar kernel
        }
    }

    private static List<String> childCommand(String mainClass, String[] args, ClassArchive archive) {
        String java = ProcessHandle.current().info().command().orElse(null);
        if (java == null) {
            return null;
        }
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (archive != null) {
            command.addAll(archive.jvmOptions());
        }
        command.add("--add-modules");
        command.add(VECTOR_MODULE);
        command.add("-D" + PARENT_PROPERTY + "=" + ProcessHandle.current().pid());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private static int runChild(List<String> command, boolean serve) throws IOException {
        Process child = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .start();
        forwardInterrupts(child);
        forwardTerminations(child);
        if (serve) {
            forwardHangups(child);
        }
        // Any other end of the parent (SIGHUP, say) still lets the child save: it gets SIGTERM, and the
        // parent waits for it, since a child whose parent is gone halts at once (stopWithParent).
        Thread forwardTermination = new Thread(() -> terminateAndWait(child), "nn-relaunch-terminate");
        Runtime.getRuntime().addShutdownHook(forwardTermination);
        Thread pump = new Thread(() -> copyWithoutWarning(child.getErrorStream(), System.err), "nn-relaunch-stderr");
        pump.setDaemon(true);
        pump.start();
        int code = waitUninterruptibly(child);
        joinQuietly(pump);
        System.err.flush();
        Runtime.getRuntime().removeShutdownHook(forwardTermination);
        return code;
    }

    /**
     * The child decides what SIGINT means (stop after the batch, exit 130); the parent only passes
     * it on. Ctrl-C in a terminal reaches both (the child then sees it twice, harmlessly, as the
     * JVM is already shutting down); {@code kill -INT} of the parent's pid reaches the child this way.
     */
    @SuppressWarnings("removal")
    private static void forwardInterrupts(Process child) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {
                try {
                    new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start();
                } catch (IOException e) {
                    // no kill command: a terminal's Ctrl-C still reaches the child through its group
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGINT on this platform: nothing to ignore
        }
    }

    /**
     * SIGHUP asks {@code nn serve} to reload its models: the parent passes it on and keeps running.
     * Left to the JVM, it would end the parent and so stop the server. Other commands leave it to
     * the JVM: the parent ends, and the child, sent SIGTERM, saves.
     */
    @SuppressWarnings("removal")
    private static void forwardHangups(Process child) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                try {
                    new ProcessBuilder("kill", "-HUP", Long.toString(child.pid())).start();
                } catch (IOException e) {
                    // no kill command: the server reloads with --reload only
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGHUP on this platform: --reload still works
        }
    }

    /**
     * SIGTERM (kill, timeout, systemd, a container runtime) means what Ctrl-C means: the parent
     * passes it on and keeps waiting, the child saves and exits 143, and that becomes the parent's
     * code. Left to the JVM, SIGTERM would end the parent at once and, with it, the child mid-save.
     */
    @SuppressWarnings("removal")
    private static void forwardTerminations(Process child) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> child.destroy());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGTERM handler here: the shutdown hook still forwards it and waits
        }
    }

    private static void terminateAndWait(Process child) {
        child.destroy();
        try {
            child.waitFor(StopRequest.SAVE_WAIT_SECONDS + 10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int waitUninterruptibly(Process child) {
        while (true) {
            try {
                return child.waitFor();
            } catch (InterruptedException e) {
                // keep waiting: the child owns the run
            }
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies {@code in} to {@code out} line by line, dropping the JVM's incubator warning. */
    static void copyWithoutWarning(InputStream in, OutputStream out) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1) {
                line.write(b);
                if (b == '\n' || (in.available() == 0 && !startsLikeWarning(line))) {
                    String text = line.toString(StandardCharsets.UTF_8).stripTrailing();
                    if (!text.equals(INCUBATOR_WARNING)) {
                        line.writeTo(out);
                        out.flush();
                    }
                    line.reset();
                }
            }
            line.writeTo(out);
            out.flush();
        } catch (IOException e) {
            // the child's stderr closed under us: nothing more to copy
        }
    }

    private static boolean startsLikeWarning(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        return INCUBATOR_WARNING.startsWith(text);
    }

    /** In the child: exits when the parent is gone (killed with SIGKILL), rather than run on as an orphan. */
    private static void stopWithParent(String parentPid) {
        long pid;
        try {
            pid = Long.parseLong(parentPid);
        } catch (NumberFormatException e) {
            return;
        }
        ProcessHandle.of(pid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(Relauncher::parentGone),
                Relauncher::parentGone);
    }

    private static void parentGone() {
        System.err.println("nn: the launching process ended; stopping");
        Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
    }
}
