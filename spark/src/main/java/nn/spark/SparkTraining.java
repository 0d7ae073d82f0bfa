package nn.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import nn.compute.Backend;
import nn.compute.Devices;
import nn.compute.Tensor;
import nn.data.Dataset;
import nn.network.DeviceNetwork;
import nn.network.Network;
import nn.network.Parameter;
import nn.spec.DistributedSpec;
import nn.train.BatchProgress;
import nn.train.EarlyStopping;
import nn.train.EpochMetrics;
import nn.train.Evaluation;
import nn.train.Trainer;
import nn.train.TrainingDivergedException;
import nn.train.TrainingListener;
import nn.train.TrainingOptions;
import nn.train.TrainingResult;
import nn.train.TrainingState;
import nn.train.TrainingStep;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The driver's side of data-parallel training. It alone holds the weights and the optimizer; each
 * round it broadcasts them, collects one {@link Partial} per partition, adds them up in partition
 * order (so that the floats do not depend on which task finished first) and steps the optimizer
 * ({@code sync: gradients}) or takes the row-weighted average of the partitions' weights and
 * optimizer state ({@code sync: parameters}).
 */
public final class SparkTraining implements AutoCloseable {
    /** Where the driver saves checkpoints; null: it does not. */
    public interface CheckpointSink {
        void save(TrainingState state);
    }

    private final JavaSparkContext sc;
    private final TrainingPlan plan;
    private final Backend backend;
    private final DeviceNetwork net;
    private final TrainingStep step;
    private final TrainingListener listener;
    private final EarlyStopping stopping;
    private int roundsRun;
    private long syncNanos;
    // Early stopping's bookkeeping, as nn.train's: the best monitored value, its epoch, its weights to restore.
    private double best;
    private int bestEpoch;
    private Network bestNetwork;
    private boolean stoppedEarly;

    /** Training {@code plan} on {@code sc}, telling {@code listener} after every round and epoch. */
    public SparkTraining(JavaSparkContext sc, TrainingPlan plan, TrainingListener listener) {
        this.sc = sc;
        this.plan = plan;
        this.listener = listener;
        TrainingOptions options = plan.experiment().options();
        this.backend = Devices.host(Devices.defaultThreads());
        this.net = new DeviceNetwork(backend, plan.experiment().network(), 1, options.regularization());
        this.step = new TrainingStep(net, options.loss(), options.optimizer(), options.clipNorm(), null,
                plan.experiment().train().isClassification());
        this.stopping = options.earlyStopping();
        this.best = stopping == null ? 0 : stopping.worst();
    }

    /**
     * Trains from {@code from} (null: afresh), checkpointing through {@code sink} every
     * {@code distributed.checkpoint_rounds} rounds; {@code stopAfterRounds} (tests: a driver that
     * dies) ends the run early, returning null, after that many rounds.
     */
    public TrainingResult train(TrainingState from, CheckpointSink sink, int stopAfterRounds) {
        long started = System.nanoTime();
        TrainingOptions options = plan.experiment().options();
        DistributedSpec d = plan.distributed();
        int k = d.every();
        int batches = plan.batchesPerEpoch();
        int roundsPerEpoch = (batches + k - 1) / k;
        List<EpochMetrics> history = new ArrayList<>();
        int firstEpoch = 1;
        int firstBatch = 0;
        double[] sums = new double[3]; // this epoch's loss sum, quality sum and rows so far
        if (from != null) {
            restore(from);
            history.addAll(from.history());
            firstEpoch = from.epoch() + 1;
            firstBatch = from.batch();
            sums = new double[] {from.lossSum(), from.quality(), 0};
        }
        int round = (firstEpoch - 1) * roundsPerEpoch + firstBatch / k;
        JavaRDD<?> parts = plan.records(sc);
        int every = d.checkpointRounds() == null ? 0 : d.checkpointRounds();
        for (int epoch = firstEpoch; epoch <= options.epochs() && !stoppedEarly; epoch++) {
            float rate = options.schedule().rate(options.optimizer().learningRate(), epoch, options.epochs());
            boolean dueAtEnd = false;
            for (int b = firstBatch; b < batches; b += k) {
                int count = Math.min(k, batches - b);
                double[] metrics = round(parts, new RoundInput(round, epoch, b, count, rate, read(values()),
                        step.update().count(), plan.parametersSync() ? read(step.update().state()) : List.of(),
                        read(net.state())));
                for (int i = 0; i < 3; i++) {
                    sums[i] += metrics[i];
                }
                round++;
                roundsRun++;
                listener.onBatch(progress(epoch, b + count, batches, sums));
                boolean due = every > 0 && round % every == 0;
                if (due && b + count < batches && sink != null) {
                    sink.save(state(epoch - 1, b + count, sums[0], sums[1], history));
                }
                dueAtEnd = due;
                if (stopAfterRounds > 0 && roundsRun >= stopAfterRounds) {
                    return null;
                }
            }
            firstBatch = 0;
            EpochMetrics m = epochMetrics(epoch, sums[0], sums[1], rate);
            history.add(m);
            listener.onEpoch(m, options.epochs());
            observe(m, epoch, options.epochs());
            sums = new double[3];
            if (dueAtEnd && sink != null) {
                sink.save(state(epoch, 0, 0, 0, history));
            }
        }
        return result(history, started);
    }

    private BatchProgress progress(int epoch, int batch, int batches, double[] sums) {
        int rows = (int) Math.min(Integer.MAX_VALUE, (long) sums[2]);
        var train = plan.experiment().train();
        double scale = plan.experiment().options().targetScale();
        double metric = train.isClassification() ? sums[1] / Math.max(1, rows)
                : Math.sqrt(sums[1] / ((double) Math.max(1, rows) * train.targets())) * scale;
        double loss = sums[0] / Math.max(1, rows) * (train.isClassification() ? 1 : scale * scale);
        return new BatchProgress(epoch, plan.experiment().options().epochs(), batch, batches, rows, loss, metric);
    }

    /** Early stopping on the driver: as nn.train's, on the epoch's validation metrics. */
    private void observe(EpochMetrics m, int epoch, int epochs) {
        if (stopping == null) {
            return;
        }
        double value = stopping.value(m);
        if (stopping.improves(value, best)) {
            best = value;
            bestEpoch = epoch;
            bestNetwork = stopping.restoreBest() ? net.download() : null;
        } else if (epoch - bestEpoch >= stopping.patience()) {
            stoppedEarly = epoch < epochs;
        }
    }

    /** One round: broadcast, one task per partition, then the partition-order reduction and the update. */
    private <T> double[] round(JavaRDD<T> parts, RoundInput in) {
        Broadcast<RoundInput> input = sc.broadcast(in);
        long t0 = System.nanoTime();
        List<Partial> partials = new ArrayList<>(parts.mapPartitionsWithIndex(
                new RoundFunction<T>(plan.setup(), input), false).collect());
        syncNanos += System.nanoTime() - t0;
        input.destroy();
        partials.sort(Comparator.comparingInt(Partial::partition));
        int rows = 0;
        double loss = 0;
        double quality = 0;
        List<float[]> sum = null;
        List<float[]> optimizerSum = null;
        List<float[]> stateSum = null;
        for (Partial p : partials) {
            if (!Double.isFinite(p.lossSum())) {
                throw new TrainingDivergedException(in.epoch(), in.firstBatch() + 1, p.lossSum());
            }
            rows += p.rows();
            loss += p.lossSum();
            quality += p.quality();
            sum = Worker.addScaled(sum, p.sums(), 1);
            optimizerSum = plan.parametersSync() ? Worker.addScaled(optimizerSum, p.optimizerSums(), 1) : null;
            stateSum = Worker.addScaled(stateSum, p.stateSums(), 1);
        }
        if (rows == 0) {
            return new double[] {0, 0, 0};
        }
        divide(sum, rows);
        // batch_norm's running statistics: the partitions' results, row-weighted, added in partition order.
        divide(stateSum, rows);
        write(net.state(), stateSum);
        if (plan.parametersSync()) {
            divide(optimizerSum, rows);
            write(values(), sum);
            write(step.update().state(), optimizerSum);
            step.update().restoreCount(partials.get(0).optimizerCount());
        } else {
            step.writeGradients(sum);
            step.applyGradients(in.learningRate(), in.epoch(), in.firstBatch() + 1);
        }
        return new double[] {loss, quality, rows};
    }

    private EpochMetrics epochMetrics(int epoch, double lossSum, double quality, float rate) {
        Dataset train = plan.experiment().train();
        long n = plan.trainRows();
        double scale = plan.experiment().options().targetScale();
        double metric = train.isClassification() ? quality / n
                : Math.sqrt(quality / ((double) n * train.targets())) * scale;
        double loss = lossSum / n * (train.isClassification() ? 1 : scale * scale);
        Evaluation v = evaluate(plan.experiment().validation(), plan.tables().validation(), false);
        return v == null ? new EpochMetrics(epoch, loss, metric, Double.NaN, Double.NaN, rate)
                : new EpochMetrics(epoch, loss, metric, v.loss(), v.metric(), rate);
    }

    /**
     * The weights now scored on driver-held data ({@code read: driver}) or on a file the executors
     * read; null without such data. {@code detailed}: the final evaluations' confusion matrix or
     * regression metrics (driver-held data only).
     */
    private Evaluation evaluate(Dataset held, ExecutorSource file, boolean detailed) {
        double scale = plan.experiment().options().targetScale();
        if (file != null) {
            return EvaluationFunction.evaluate(sc, file, plan.setup().configYaml(), read(values()),
                    plan.setup().partitions(), scale);
        }
        if (held == null || held.rows() == 0) {
            return null;
        }
        Evaluation e = Trainer.evaluate(net.download(), held, plan.experiment().options().loss(), backend);
        return (detailed ? e : new Evaluation(e.rows(), e.loss(), e.metric(), e.classification())).inTargetUnits(scale);
    }

    private TrainingResult result(List<EpochMetrics> history, long started) {
        int epochsRun = history.size();
        int resultEpoch = epochsRun;
        if (bestNetwork != null && bestEpoch != epochsRun) {
            restoreWeights(bestNetwork);
            resultEpoch = bestEpoch;
        }
        // Training time, as nn train's: the final evaluations (a pass over each file) come after.
        double seconds = (System.nanoTime() - started) / 1e9;
        var e = plan.experiment();
        Evaluation train = evaluate(e.train(), plan.tables().train(), true);
        Evaluation validation = evaluate(e.validation(), plan.tables().validation(), true);
        Evaluation test = evaluate(e.test(), plan.tables().test(), true);
        double samples = (double) plan.trainRows() * Math.max(0, epochsRun);
        return new TrainingResult(net.download(), history, train, validation, test, seconds,
                seconds > 0 ? samples / seconds : 0, resultEpoch, stoppedEarly);
    }

    private TrainingState state(int epoch, int batch, double lossSum, double quality, List<EpochMetrics> history) {
        return new TrainingState(epoch, batch, lossSum, quality, net.download(), step.update().count(),
                read(step.update().state()), 0, history, stopping == null ? Double.NaN : best, bestEpoch, bestNetwork);
    }

    private void restore(TrainingState from) {
        restoreWeights(from.network());
        write(step.update().state(), from.optimizerState());
        step.update().restoreCount(from.optimizerCount());
        if (stopping != null) {
            best = from.best();
            bestEpoch = from.bestEpoch();
            bestNetwork = from.bestNetwork();
            stoppedEarly = !from.history().isEmpty() && from.batch() == 0
                    && from.epoch() - bestEpoch >= stopping.patience() && from.epoch() < plan.experiment().options().epochs();
        }
    }

    private void restoreWeights(Network network) {
        List<Parameter> params = step.parameters();
        DeviceNetwork fromNet = new DeviceNetwork(backend, network, 1);
        List<Parameter> saved = fromNet.parameters();
        for (int i = 0; i < params.size(); i++) {
            float[] v = new float[saved.get(i).value().size()];
            backend.read(saved.get(i).value(), v);
            backend.write(params.get(i).value(), v);
        }
        write(net.state(), read(fromNet.state()));
    }

    /** Rounds run by this driver so far, and the mean wall time of a round's Spark job, in milliseconds. */
    public int roundsRun() {
        return roundsRun;
    }

    public double syncMillisPerRound() {
        return roundsRun == 0 ? 0 : syncNanos / 1e6 / roundsRun;
    }

    private List<Tensor> values() {
        List<Tensor> v = new ArrayList<>();
        for (Parameter p : step.parameters()) {
            v.add(p.value());
        }
        return v;
    }

    private List<float[]> read(List<Tensor> tensors) {
        List<float[]> result = new ArrayList<>();
        for (Tensor t : tensors) {
            float[] v = new float[t.size()];
            backend.read(t, v);
            result.add(v);
        }
        return result;
    }

    private void write(List<Tensor> tensors, List<float[]> values) {
        if (tensors.size() != values.size()) {
            throw new IllegalArgumentException(values.size() + " arrays for " + tensors.size() + " tensors");
        }
        for (int i = 0; i < tensors.size(); i++) {
            backend.write(tensors.get(i), values.get(i));
        }
    }

    private static void divide(List<float[]> sums, int rows) {
        for (float[] s : sums) {
            for (int j = 0; j < s.length; j++) {
                s[j] /= rows;
            }
        }
    }

    @Override
    public void close() {
        String runKey = plan.setup().runKey();
        try {
            // Best effort on a cluster: tasks land on the executors that ran rounds (where the data is cached).
            int tasks = Math.max(1, 2 * plan.setup().partitions());
            sc.parallelize(java.util.Collections.nCopies(tasks, runKey), tasks).foreach(RoundFunction::release);
        } catch (RuntimeException e) {
            // A stopped context: its executors are gone, and their caches with them.
        }
        RoundFunction.release(runKey);
        backend.close();
    }
}
