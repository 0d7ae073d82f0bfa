package nn.compute.java;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of persistent daemon threads that split a loop over disjoint index ranges. The
 * caller runs the first range itself, so a pool of one thread (or a loop too small to split) never
 * hands work off. A call allocates nothing: the task is a reusable object, each worker waits on its
 * own ticket (spinning briefly, then parking), and the caller spins, then parks, until the last
 * worker finishes. One caller at a time: a backend is driven by one training thread.
 */
final class WorkerPool implements AutoCloseable {

    /** Body of a parallel loop over [from, to); {@code worker} indexes per-thread scratch (0 is the caller). */
    interface RangeTask {
        void run(int from, int to, int worker);
    }

    /** Busy-wait rounds before parking: a GEMM in a training step follows the last one within microseconds. */
    private static final int SPINS = 1 << 14;

    private final int threads;
    private final Worker[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Thread caller;
    private volatile boolean closed;
    private volatile Throwable failure;

    // The job being run; written by the caller before it bumps a worker's ticket (a volatile write).
    private RangeTask jobTask;
    private int jobSize;
    private int jobParts;

    WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker(w + 1);
            workers[w].start();
        }
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
            task.run(0, n, 0);
            return;
        }
        jobTask = task;
        jobSize = n;
        jobParts = parts;
        failure = null;
        caller = Thread.currentThread();
        pending.set(parts - 1);
        for (int w = 1; w < parts; w++) {
            workers[w - 1].post();
        }
        Throwable own = null;
        try {
            task.run(0, bound(n, 0, parts), 0);
        } catch (RuntimeException | Error e) {
            own = e;
        }
        awaitWorkers();
        jobTask = null;
        rethrow(own != null ? own : failure);
    }

    private static int bound(int n, int part, int parts) {
        return (int) ((long) n * (part + 1) / parts);
    }

    private void awaitWorkers() {
        int spins = 0;
        while (pending.get() != 0) {
            if (spins < SPINS) {
                spins++;
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    /** One persistent thread; runs part {@code index} of each job it is posted. */
    private final class Worker extends Thread {
        private final int index;
        private volatile long ticket;
        private long served;

        Worker(int index) {
            super("nn-java-worker-" + index);
            this.index = index;
            setDaemon(true);
        }

        void post() {
            ticket = ticket + 1; // only the caller writes the ticket
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (!closed) {
                if (!awaitTicket()) {
                    return;
                }
                served = ticket;
                try {
                    jobTask.run(bound(jobSize, index - 1, jobParts), bound(jobSize, index, jobParts), index);
                } catch (Throwable t) {
                    failure = t;
                }
                if (pending.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }

        /** Waits for a new ticket; false when the pool closed first. */
        private boolean awaitTicket() {
            int spins = 0;
            while (ticket == served) {
                if (closed) {
                    return false;
                }
                if (spins < SPINS) {
                    spins++;
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            return true;
        }
    }
}
