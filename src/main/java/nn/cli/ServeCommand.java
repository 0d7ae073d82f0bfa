package nn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import nn.io.ModelDirectory;
import nn.serve.PredictionServer;
import nn.serve.ServeLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nn serve MODEL...}: the HTTP prediction server, until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Serves models over HTTP (TF Serving / KServe v1): POST /v1/models/NAME:predict, "
                + "GET /v1/models/NAME, GET /health, GET /ready. NAME is the model directory's name. "
                + "SIGHUP (or --reload) swaps in retrained models; SIGTERM or Ctrl-C finishes requests in flight and exits.",
        footer = {"", ExitCode.TABLE})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Parameters(arity = "1..*", paramLabel = "MODEL", description = "Model directories (models/NAME) to serve.")
    List<Path> models = new ArrayList<>();

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: loopback only).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (0: any free one; default 8080).")
    int port;

    @Option(names = "--workers", defaultValue = "16", description = "Worker threads (default 16).")
    int workers;

    @Option(names = "--max-batch", defaultValue = "256", description = "Most rows gathered into one batch (default 256).")
    int maxBatch;

    @Option(names = "--max-delay-ms", defaultValue = "2", description = "Longest wait for more rows to batch (default 2 ms).")
    long maxDelayMs;

    @Option(names = "--queue", defaultValue = "1024", description = "Requests waiting per model before 503 (default 1024).")
    int queue;

    @Option(names = "--max-body-bytes", defaultValue = "1048576", description = "Largest request body (default 1 MiB; 413 above).")
    long maxBody;

    @Option(names = "--max-rows", defaultValue = "1000", description = "Most rows per request (default 1000; 413 above).")
    int maxRows;

    @Option(names = "--read-timeout-ms", defaultValue = "5000", description = "Deadline for a request body (default 5000; 408 after).")
    long readTimeoutMs;

    @Option(names = "--reload", description = "Reload a model when its directory's model file changes (checked every second).")
    boolean reload;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = command.commandLine().getOut();
        ServeLimits limits;
        try {
            limits = new ServeLimits(workers, maxBody, maxRows, readTimeoutMs, maxBatch, maxDelayMs, queue);
        } catch (IllegalArgumentException e) {
            command.commandLine().getErr().println("nn: " + e.getMessage());
            return ExitCode.BAD_INPUT;
        }
        PrintStream log = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        PredictionServer server;
        try {
            server = PredictionServer.start(models, host, port, limits, log);
        } catch (IOException e) {
            command.commandLine().getErr().println("nn: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            return ExitCode.BAD_INPUT;
        } catch (IllegalArgumentException e) {
            command.commandLine().getErr().println("nn: " + e.getMessage());
            return ExitCode.BAD_INPUT;
        }
        out.println("serving " + String.join(", ", server.modelNames()) + " on http://" + host + ":" + server.port());
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(10);
            stopped.countDown();
        }, "nn-serve-stop"));
        onHangup(() -> reload(server, log));
        if (reload) {
            watch(server, log);
        }
        stopped.await();
        return ExitCode.OK;
    }

    private static void reload(PredictionServer server, PrintStream log) {
        try {
            server.reload();
            log.println("nn serve: reloaded " + String.join(", ", server.modelNames()));
        } catch (RuntimeException e) {
            // The old models keep serving: a bad retrained model must not take the service down.
            log.println("nn serve: reload refused, the old models keep serving: " + e.getMessage());
        }
    }

    private static void onHangup(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> new Thread(action, "nn-serve-reload").start());
        } catch (IllegalArgumentException e) {
            // No SIGHUP on this platform (Windows): --reload still works.
        }
    }

    private void watch(PredictionServer server, PrintStream log) {
        Thread t = new Thread(() -> {
            FileTime last = newest();
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                FileTime now = newest();
                if (now != null && !now.equals(last)) {
                    last = now;
                    reload(server, log);
                }
            }
        }, "nn-serve-watch");
        t.setDaemon(true);
        t.start();
    }

    private FileTime newest() {
        FileTime newest = null;
        for (Path m : models) {
            try {
                FileTime t = Files.getLastModifiedTime(ModelDirectory.modelFile(m));
                newest = newest == null || t.compareTo(newest) > 0 ? t : newest;
            } catch (IOException | RuntimeException e) {
                // Mid-write or missing: look again at the next tick.
            }
        }
        return newest;
    }
}
