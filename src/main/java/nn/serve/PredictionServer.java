package nn.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import nn.model.Prediction;

/**
 * The prediction server: {@code POST /v1/models/NAME:predict}, {@code GET /v1/models/NAME},
 * {@code GET /health} and {@code GET /ready}, on the JDK's HTTP server with a bounded worker pool and
 * a body deadline. Every error is a status with an {@code {"error": ...}} body, never a stack trace.
 */
public final class PredictionServer implements AutoCloseable {
    private static final String PREFIX = "/v1/models/";

    private final Map<String, ServedModel> models;
    private final ServeLimits limits;
    private final PrintStream accessLog;
    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nn-serve-deadline");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    private PredictionServer(Map<String, ServedModel> models, ServeLimits limits, PrintStream accessLog,
                             HttpServer server) {
        this.models = models;
        this.limits = limits;
        this.accessLog = accessLog;
        this.server = server;
        // Bounded on both sides: a fixed set of threads and a finite queue of accepted exchanges.
        this.workers = new ThreadPoolExecutor(limits.workers(), limits.workers(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(limits.workers() * 64), r -> {
                    Thread t = new Thread(r, "nn-serve-worker");
                    t.setDaemon(true);
                    return t;
                });
        server.setExecutor(workers);
        server.createContext("/", this::handle);
    }

    /**
     * Loads every model directory (served under its name) and starts listening on {@code host:port}
     * (port 0: an ephemeral one, see {@link #port}). Access log lines go to {@code accessLog}.
     */
    public static PredictionServer start(List<java.nio.file.Path> directories, String host, int port,
                                         ServeLimits limits, PrintStream accessLog) throws IOException {
        // The JDK server writes headers and body apart; without TCP_NODELAY, Nagle's algorithm and the
        // client's delayed ACK hold every keep-alive answer ~40 ms. Read once, when the first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // The JDK server's request timer closes a connection whose request (headers and body) is not in
        // by then: the backstop that frees a worker blocked on a stalled client after its 408. Seconds,
        // read once per JVM, so the first server's read timeout holds for all.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime",
                    Long.toString(Math.max(1, (limits.readTimeoutMs() + 999) / 1000 + 1)));
        }
        Map<String, ServedModel> models = new LinkedHashMap<>();
        try {
            for (java.nio.file.Path dir : directories) {
                String name = dir.toAbsolutePath().normalize().getFileName().toString();
                if (models.containsKey(name)) {
                    throw new IllegalArgumentException("two models named '" + name + "'");
                }
                models.put(name, new ServedModel(name, dir, limits));
            }
            PredictionServer s = new PredictionServer(models, limits, accessLog,
                    HttpServer.create(new InetSocketAddress(host, port), 256));
            s.server.start();
            return s;
        } catch (IOException | RuntimeException e) {
            models.values().forEach(ServedModel::close);
            throw e;
        }
    }

    /** The port listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The names of the models served. */
    public Set<String> modelNames() {
        return models.keySet();
    }

    /** Reloads every model from its directory, each swapped in only once loaded and checked. */
    public void reload() {
        models.values().forEach(ServedModel::reload);
    }

    private void handle(HttpExchange exchange) {
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        Reply reply = new Reply(exchange);
        int status;
        try {
            status = route(exchange, reply);
        } catch (HttpError e) {
            status = reply.send(e.status(), Responses.error(e.getMessage())) ? e.status() : 408;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = reply.send(503, Responses.error("the server is stopping")) ? 503 : 408;
        } catch (RuntimeException e) {
            status = reply.send(500, Responses.error("internal error: " + e.getClass().getSimpleName())) ? 500 : 408;
        }
        accessLog.printf("%s %s %d %.1fms%n", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                status, (System.nanoTime() - start) / 1e6);
        exchange.close();
        inFlight.decrementAndGet();
    }

    /** Requests being handled now (tests wait on it). */
    int inFlight() {
        return inFlight.get();
    }

    private int route(HttpExchange exchange, Reply reply) throws InterruptedException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/health") || path.equals("/ready")) {
            allow(method, "GET");
            boolean ready = path.equals("/health") || !stopping.get();
            int status = ready ? 200 : 503;
            reply.send(status, Responses.status(path.equals("/health") ? "alive" : ready ? "ready" : "stopping"));
            return status;
        }
        if (!path.startsWith(PREFIX)) {
            throw new HttpError(404, "no such path: " + path);
        }
        String rest = path.substring(PREFIX.length());
        boolean predict = rest.endsWith(":predict");
        String name = predict ? rest.substring(0, rest.length() - ":predict".length()) : rest;
        ServedModel model = models.get(name);
        if (model == null) {
            throw new HttpError(404, "no model named '" + name + "'; serving " + String.join(", ", models.keySet()));
        }
        if (!predict) {
            allow(method, "GET");
            reply.send(200, Responses.metadata(name, model.model()));
            return 200;
        }
        allow(method, "POST");
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new HttpError(415, "the body must be application/json");
        }
        byte[] body = readBody(exchange, reply);
        List<Map<String, Object>> rows = PredictRequest.rows(body, Set.copyOf(model.model().columnNames()),
                limits.maxRows());
        List<Prediction> predictions = model.predict(rows);
        reply.send(200, Responses.predictions(predictions, model.model().classNames()));
        return 200;
    }

    private static void allow(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new HttpError(405, "use " + allowed + " here, not " + method);
        }
    }

    /**
     * Reads the body within the read timeout, at most the body cap: a watchdog answers 408 and closes
     * the connection at the deadline, which ends the blocked read, so a slow client never keeps a worker.
     */
    private byte[] readBody(HttpExchange exchange, Reply reply) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        // A body over the cap is still read (and dropped) up to 16 caps or 16 MiB so the client is there to read
        // the 413; past that the connection is closed on it.
        if (length != null && parseLength(length) > drainLimit()) {
            throw new HttpError(413, "the body is over " + limits.maxBodyBytes() + " bytes");
        }
        ScheduledFuture<?> deadline = watchdog.schedule(
                () -> reply.timeOut("the request body did not arrive within " + limits.readTimeoutMs() + " ms"),
                limits.readTimeoutMs(), TimeUnit.MILLISECONDS);
        try (InputStream in = exchange.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0 && total <= drainLimit();) {
                total += n;
                if (total <= limits.maxBodyBytes()) {
                    out.write(buffer, 0, n);
                }
            }
            if (total > limits.maxBodyBytes()) {
                throw new HttpError(413, "the body is over " + limits.maxBodyBytes() + " bytes");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new HttpError(reply.timedOut() ? 408 : 400, "the request body could not be read");
        } finally {
            deadline.cancel(false);
        }
    }

    private long drainLimit() {
        return Math.max(16 * limits.maxBodyBytes(), 16L << 20);
    }

    private static long parseLength(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            throw new HttpError(400, "Content-Length is not a number");
        }
    }

    /**
     * Stops accepting connections, waits up to {@code graceSeconds} for requests in flight, then
     * answers what is queued and releases the models.
     */
    public void stop(int graceSeconds) {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        server.stop(graceSeconds);
        workers.shutdown();
        try {
            workers.awaitTermination(graceSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdog.shutdownNow();
        models.values().forEach(ServedModel::close);
    }

    @Override
    public void close() {
        stop(5);
    }
}
