package nn.spark;

import java.io.PrintWriter;
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
import nn.train.EpochMetrics;
import nn.train.Evaluation;
import nn.train.Trainer;
import nn.train.TrainingDivergedException;
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
    private final PrintWriter out;
    private int roundsRun;
    private long syncNanos;

    /** Training {@code plan} on {@code sc}, printing one progress line per epoch to {@code out}. */
    public SparkTraining(JavaSparkContext sc, TrainingPlan plan, PrintWriter out) {
        this.sc = sc;
        this.plan = plan;
        this.out = out;
        TrainingOptions options = plan.experiment().options();
        this.backend = Devices.host(Devices.defaultThreads());
        this.net = new DeviceNetwork(backend, plan.experiment().network(), 1, options.regularization());
        this.step = new TrainingStep(net, options.loss(), options.optimizer(), options.clipNorm(), null,
                plan.experiment().train().isClassification());
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
        double lossSum = 0;
        double quality = 0;
        if (from != null) {
            restore(from);
            history.addAll(from.history());
            firstEpoch = from.epoch() + 1;
            firstBatch = from.batch();
            lossSum = from.lossSum();
            quality = from.quality();
        }
        int round = (firstEpoch - 1) * roundsPerEpoch + firstBatch / k;
        JavaRDD<?> parts = plan.records(sc);
        int every = d.checkpointRounds() == null ? 0 : d.checkpointRounds();
        for (int epoch = firstEpoch; epoch <= options.epochs(); epoch++) {
            float rate = options.schedule().rate(options.optimizer().learningRate(), epoch, options.epochs());
            boolean dueAtEnd = false;
            for (int b = firstBatch; b < batches; b += k) {
                int count = Math.min(k, batches - b);
                double[] metrics = round(parts, new RoundInput(round, epoch, b, count, rate, read(values()),
                        step.update().count(), plan.parametersSync() ? read(step.update().state()) : List.of()));
                lossSum += metrics[0];
                quality += metrics[1];
                round++;
                roundsRun++;
                boolean due = every > 0 && round % every == 0;
                if (due && b + count < batches && sink != null) {
                    sink.save(state(epoch - 1, b + count, lossSum, quality, history));
                }
                dueAtEnd = due;
                if (stopAfterRounds > 0 && roundsRun >= stopAfterRounds) {
                    return null;
                }
            }
            firstBatch = 0;
            history.add(epochMetrics(epoch, lossSum, quality, rate));
            lossSum = 0;
            quality = 0;
            if (dueAtEnd && sink != null) {
                sink.save(state(epoch, 0, 0, 0, history));
            }
        }
        return result(history, started);
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
        for (Partial p : partials) {
            if (!Double.isFinite(p.lossSum())) {
                throw new TrainingDivergedException(in.epoch(), in.firstBatch() + 1, p.lossSum());
            }
            rows += p.rows();
            loss += p.lossSum();
            quality += p.quality();
            sum = Worker.addScaled(sum, p.sums(), 1);
            optimizerSum = plan.parametersSync() ? Worker.addScaled(optimizerSum, p.optimizerSums(), 1) : null;
        }
        if (rows == 0) {
            return new double[] {0, 0};
        }
        divide(sum, rows);
        if (plan.parametersSync()) {
            divide(optimizerSum, rows);
            write(values(), sum);
            write(step.update().state(), optimizerSum);
            step.update().restoreCount(partials.get(0).optimizerCount());
        } else {
            step.writeGradients(sum);
            step.applyGradients(in.learningRate(), in.epoch(), in.firstBatch() + 1);
        }
        return new double[] {loss, quality};
    }

    private EpochMetrics epochMetrics(int epoch, double lossSum, double quality, float rate) {
        Dataset train = plan.experiment().train();
        long n = plan.trainRows();
        double metric = train.isClassification() ? quality / n : Math.sqrt(quality / ((double) n * train.targets()));
        Dataset validation = plan.experiment().validation();
        EpochMetrics m;
        if (validation == null) {
            m = new EpochMetrics(epoch, lossSum / n, metric, Double.NaN, Double.NaN, rate);
        } else {
            Evaluation v = Trainer.evaluate(net.download(), validation, plan.experiment().options().loss(), backend);
            m = new EpochMetrics(epoch, lossSum / n, metric, v.loss(), v.metric(), rate);
        }
        out.printf("epoch %d/%d  loss %.4f  %s %.4f%s  (%d rounds, %.1f ms sync per round)%n", epoch,
                plan.experiment().options().epochs(), m.loss(), train.isClassification() ? "accuracy" : "rmse",
                m.metric(), m.hasValidation() ? String.format("  val_loss %.4f", m.valLoss()) : "", roundsRun,
                roundsRun == 0 ? 0.0 : syncNanos / 1e6 / roundsRun);
        out.flush();
        return m;
    }

    private TrainingResult result(List<EpochMetrics> history, long started) {
        Network network = net.download();
        var e = plan.experiment();
        var loss = e.options().loss();
        // Executors read the data: the driver holds none of it, so the last epoch's training metrics stand in.
        EpochMetrics last = history.isEmpty() ? null : history.get(history.size() - 1);
        Evaluation train = e.train().rows() > 0 ? Trainer.evaluate(network, e.train(), loss, backend)
                : new Evaluation((int) Math.min(Integer.MAX_VALUE, plan.trainRows()), last == null ? Double.NaN : last.loss(),
                last == null ? Double.NaN : last.metric(), e.train().isClassification());
        Evaluation validation = e.validation() == null ? null : Trainer.evaluate(network, e.validation(), loss, backend);
        Evaluation test = e.test() == null ? null : Trainer.evaluate(network, e.test(), loss, backend);
        double seconds = (System.nanoTime() - started) / 1e9;
        double samples = (double) plan.trainRows() * Math.max(0, history.size());
        return new TrainingResult(network, history, train, validation, test, seconds,
                seconds > 0 ? samples / seconds : 0, history.size(), false);
    }

    private TrainingState state(int epoch, int batch, double lossSum, double quality, List<EpochMetrics> history) {
        return new TrainingState(epoch, batch, lossSum, quality, net.download(), step.update().count(),
                read(step.update().state()), 0, history, Double.NaN, 0, null);
    }

    private void restore(TrainingState from) {
        List<Parameter> params = step.parameters();
        DeviceNetwork fromNet = new DeviceNetwork(backend, from.network(), 1);
        List<Parameter> saved = fromNet.parameters();
        for (int i = 0; i < params.size(); i++) {
            float[] v = new float[saved.get(i).value().size()];
            backend.read(saved.get(i).value(), v);
            backend.write(params.get(i).value(), v);
        }
        write(step.update().state(), from.optimizerState());
        step.update().restoreCount(from.optimizerCount());
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
        RoundFunction.release(plan.setup().runKey());
        backend.close();
    }
}
