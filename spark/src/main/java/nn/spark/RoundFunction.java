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
     * Executor-side cache, the one piece of static mutable state in nn-spark, kept on purpose.
     * A partition's rows are read and parsed once and then trained on for every round; between
     * rounds they must live somewhere on the executor. Spark offers no task-scoped place for that:
     * a TaskContext lives for one task only, a broadcast is read-only data from the driver, and a
     * persisted RDD of workers would put thread pools and mapped files in the block manager, which
     * may drop or size-estimate them without closing anything. A per-JVM map keyed by run and
     * partition is the standard executor-side pattern (as connection pools and model caches in
     * Spark jobs are). It cannot change a result: workers hold only the data and scratch space,
     * every round overwrites their weights (and optimizer state), and a worker missing on another
     * executor is rebuilt from the same split, so which executor ran a task never shows in the
     * floats. SparkTraining.close releases the run's workers with a clean-up job.
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

    /** Drops this run's cached workers in the calling JVM (an executor's, or the driver's under local masters). */
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
