package nn.compute.java;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of persistent daemon threads that split a loop over disjoint index ranges. The range
 * is cut into one chunk per thread; the caller and the workers claim chunks from a shared counter,
 * so a worker the OS has not scheduled yet (a busy machine) costs nothing: the caller takes its
 * chunk. Which thread computes a chunk never changes the result, as chunks are disjoint output rows.
 *
 * <p>A call allocates nothing: the task is a reusable object, each worker waits on its own ticket
 * (spinning briefly, then parking), and the caller waits for the chunks in progress the same way.
 * Loops too small to split run on the caller with no hand-off. One caller at a time: a backend is
 * driven by one training thread.
 */
final class WorkerPool implements AutoCloseable {

    /** Body of a parallel loop over [from, to); {@code worker} indexes per-thread scratch (0 is the caller). */
    interface RangeTask {
        void run(int from, int to, int worker);
    }

    /** Busy-wait rounds before parking: the next product of a training step follows within microseconds. */
    private static final int SPINS = 1 << 12;

    private final int threads;
    private final Worker[] workers;
    /** Job generation (high 32 bits) and next unclaimed chunk (low 32 bits), claimed by CAS. */
    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger finished = new AtomicInteger();
    private volatile Thread caller;
    private volatile boolean closed;
    private volatile Throwable failure;

    // The job of the current generation; written before `claims` publishes it and stable until all
    // its chunks are claimed, so a successful claim proves the values read before it belong to it.
    private RangeTask jobTask;
    private int jobSize;
    private int jobChunks;

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
        int chunks = parallel ? Math.min(threads, n) : 1;
        if (chunks <= 1) {
            task.run(0, n, 0);
            return;
        }
        jobTask = task;
        jobSize = n;
        jobChunks = chunks;
        failure = null;
        caller = Thread.currentThread();
        finished.set(0);
        long generation = (claims.get() >>> 32) + 1;
        claims.set(generation << 32);
        for (int w = 1; w < chunks; w++) {
            workers[w - 1].post();
        }
        claimAndRun(0);
        awaitChunks(chunks);
        jobTask = null;
        rethrow(failure);
    }

    /** Claims and runs chunks of the current job until none is left. */
    private void claimAndRun(int worker) {
        while (true) {
            long seen = claims.get();
            RangeTask task = jobTask;
            int n = jobSize;
            int chunks = jobChunks;
            int chunk = (int) seen;
            if (task == null || chunk >= chunks) {
                return;
            }
            if (!claims.compareAndSet(seen, seen + 1)) {
                continue;
            }
            try {
                task.run(bound(n, chunk, chunks), bound(n, chunk + 1, chunks), worker);
            } catch (Throwable t) {
                failure = t; // keep claiming: the caller waits for every chunk, then rethrows
            }
            if (finished.incrementAndGet() == chunks) {
                LockSupport.unpark(caller);
            }
        }
    }

    private static int bound(int n, int chunk, int chunks) {
        return (int) ((long) n * chunk / chunks);
    }

    private void awaitChunks(int chunks) {
        int spins = 0;
        while (finished.get() != chunks) {
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

    /** One persistent thread; joins each job it is posted to. */
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
            while (awaitTicket()) {
                served = ticket;
                claimAndRun(index);
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
            return !closed;
        }
    }
}
