package nn.compute.java;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed set of daemon threads that split a loop over disjoint index ranges. The caller runs the
 * first range itself, so a pool of one thread never hands work off.
 */
final class WorkerPool implements AutoCloseable {

    /** Body of a parallel loop over [from, to). */
    interface RangeTask {
        void run(int from, int to);
    }

    private final int threads;
    private final ExecutorService executor;

    WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.executor = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, runnable -> {
            Thread t = new Thread(runnable, "nn-java-worker");
            t.setDaemon(true);
            return t;
        });
    }

    int threads() {
        return threads;
    }

    /**
     * Runs {@code task} over [0, n) split into at most {@code threads} contiguous ranges; when
     * {@code parallel} is false (the work is too small to pay for a hand-off) it runs on the caller.
     */
    void forRange(int n, boolean parallel, RangeTask task) {
        int parts = parallel ? Math.min(threads, n) : 1;
        if (parts <= 1) {
            task.run(0, n);
            return;
        }
        List<Future<?>> pending = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int from = (int) ((long) n * p / parts);
            int to = (int) ((long) n * (p + 1) / parts);
            pending.add(executor.submit(() -> task.run(from, to)));
        }
        task.run(0, (int) ((long) n / parts));
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a worker", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
