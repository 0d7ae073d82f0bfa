package nn.spark;

import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.IntStream;
import nn.config.ConfigWriter;
import nn.run.Experiment;
import nn.run.Experiments;
import nn.spec.DistributedSpec;
import nn.spec.ExperimentSpec;
import nn.spec.SpecException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A config checked for distributed training and prepared on the driver: the experiment (initial
 * weights, normaliser, evaluation data), the spec with absolute data paths that the executors
 * rebuild their partitions from, and the {@link WorkerSetup} shipped with every task.
 */
public record TrainingPlan(Experiment experiment, ExperimentSpec resolved, DistributedSpec distributed,
                           WorkerSetup setup, long trainRows, int batchesPerEpoch, EvaluationTables tables) {

    /** The files the executors score ({@code read: executors}); null entries for data the run lacks, all null under read: driver. */
    public record EvaluationTables(ExecutorSource train, ExecutorSource validation, ExecutorSource test) {
        static final EvaluationTables NONE = new EvaluationTables(null, null, null);
    }

    /** Whether partitions take local steps and the driver averages weights. */
    public boolean parametersSync() {
        return distributed.sync() == DistributedSpec.Sync.PARAMETERS;
    }

    /**
     * Checks and prepares {@code spec} (relative paths from {@code baseDir}); {@code failRound} is
     * a round whose first attempt on partition 0 fails (tests), or -1.
     *
     * @throws SpecException naming the key of anything distributed training cannot do
     */
    public static TrainingPlan prepare(ExperimentSpec spec, Path baseDir, int failRound, JavaSparkContext sc) {
        DistributedSpec d = spec.distributed();
        if (d == null) {
            throw new SpecException("distributed", "nn-spark trains configs with a distributed block; expected e.g. "
                    + "distributed: { backend: spark, partitions: 4 } (plain nn train runs this config on one machine)");
        }
        if (d.read() == DistributedSpec.Read.EXECUTORS) {
            return ExecutorPlans.prepare(spec, baseDir, failRound, sc);
        }
        Experiment experiment = Experiments.prepare(spec, baseDir);
        ExperimentSpec resolved = Experiments.withAbsolutePaths(spec, baseDir);
        int smallest = PartitionRows.count(0, d.partitions(), experiment.train().rows());
        if (smallest == 0) {
            throw new SpecException("distributed.partitions", "the training data has " + experiment.train().rows()
                    + " rows; expected at most that many partitions, got " + d.partitions());
        }
        String yaml = new ConfigWriter().write(resolved);
        WorkerSetup setup = new WorkerSetup(UUID.randomUUID().toString(), yaml, d.partitions(),
                d.sync() == DistributedSpec.Sync.PARAMETERS, failRound, null);
        int rows = experiment.train().rows();
        return new TrainingPlan(experiment, resolved, d, setup, rows,
                PartitionRows.batchesPerEpoch(d.partitions(), rows, experiment.options().batchSize()),
                EvaluationTables.NONE);
    }

    /** The partitions' records: one index each (driver-read data, IDX), or the CSV's lines split by Hadoop. */
    public JavaRDD<?> records(JavaSparkContext sc) {
        if (setup.table() == null) {
            return sc.parallelize(IntStream.range(0, distributed.partitions()).boxed().toList(), distributed.partitions());
        }
        return setup.table().records(sc, distributed.partitions());
    }
}
