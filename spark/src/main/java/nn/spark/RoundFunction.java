package nn.spark;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * The task of one round: the partition's {@link Worker} (built on first use in this executor JVM
 * and cached there) runs the broadcast {@link RoundInput} and yields one {@link Partial}. The
 * partition's records (CSV lines when executors read the data) are consumed only to build a
 * worker; Spark reads them lazily, so later rounds on the same executor read nothing.
 */
final class RoundFunction<T> implements Function2<Integer, Iterator<T>, Iterator<Partial>> {
    private static final long serialVersionUID = 1L;
    /*
     * Executor-side cache: a Spark task is a deserialised closure with no place of its own to keep
     * the partition's uploaded rows between rounds, so they live in the executor JVM, keyed by run
     * and partition. Workers hold only the data and scratch space; every round overwrites their
     * weights, so a cached worker cannot make a result depend on which executor ran the task.
     */
    private static final Map<String, Worker> WORKERS = new ConcurrentHashMap<>();

    private final WorkerSetup setup;
    private final Broadcast<RoundInput> input;

    RoundFunction(WorkerSetup setup, Broadcast<RoundInput> input) {
        this.setup = setup;
        this.input = input;
    }

    @Override
    public Iterator<Partial> call(Integer partition, Iterator<T> rows) {
        RoundInput in = input.value();
        TaskContext task = TaskContext.get();
        if (in.round() == setup.failRound() && partition == 0 && task != null && task.attemptNumber() == 0) {
            throw new IllegalStateException("injected failure: round " + in.round() + ", partition 0, first attempt");
        }
        int threads = task == null ? 1 : Math.max(1, task.cpus());
        Worker worker = WORKERS.computeIfAbsent(setup.runKey() + "/" + partition, k -> new Worker(setup, partition, threads, rows));
        Partial result;
        // One task per partition at a time in Spark; the lock guards against speculative duplicates.
        synchronized (worker) {
            result = worker.run(in);
        }
        return List.of(result).iterator();
    }

    /** Drops this run's cached workers in the calling JVM (the driver's, under local masters). */
    static void release(String runKey) {
        WORKERS.entrySet().removeIf(e -> {
            if (e.getKey().startsWith(runKey + "/")) {
                e.getValue().close();
                return true;
            }
            return false;
        });
    }
}
