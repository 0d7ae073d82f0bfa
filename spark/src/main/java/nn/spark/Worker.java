package nn.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import nn.compute.Backend;
import nn.compute.Devices;
import nn.compute.Tensor;
import nn.config.ConfigLoader;
import nn.data.Dataset;
import nn.network.DeviceNetwork;
import nn.network.Network;
import nn.network.Parameter;
import nn.run.Experiment;
import nn.run.Experiments;
import nn.run.SpecNetworks;
import nn.run.SpecTypes;
import nn.run.TrainingSetup;
import nn.spec.ExperimentSpec;
import nn.train.ClassWeights;
import nn.train.TrainingOptions;
import nn.train.TrainingStep;

/**
 * One partition on an executor: its normalised training rows (resident on nn's Java backend when
 * the driver read the data, memory-mapped when the executor parsed its own CSV split), and a {@link TrainingStep} whose weights (and, under {@code sync: parameters}, optimizer
 * state, and batch_norm's running statistics) every round overwrites from the driver's {@link RoundInput}, so nothing from earlier
 * rounds leaks into a result and a retried or relocated task computes the same floats.
 */
final class Worker implements AutoCloseable {
    private final int partition;
    private final Backend backend;
    private final TrainingStep step;
    private final DeviceNetwork net;
    private final PartitionData data;
    private final Tensor batchX;
    private final Tensor batchY;
    private final int rows;
    private final int batch;
    private final long seed;
    private final boolean shuffle;
    private final boolean parametersSync;
    private final RoundMasks masks;
    private final Tensor batchW;
    private int orderEpoch = -1;
    private int[] order;

    /** Driver-read data: the partition's slice of the prepared training set. */
    Worker(WorkerSetup setup, int partition, int threads, Iterator<?> lines) {
        this.partition = partition;
        ExperimentSpec spec;
        try (ConfigLoader loader = new ConfigLoader()) {
            spec = loader.parse("config.yaml", setup.configYaml(), Path.of("."), List.of()).spec();
        }
        this.backend = Devices.host(threads);
        Network network;
        TrainingOptions options;
        boolean classification;
        if (setup.table() == null) {
            Experiment experiment = Experiments.prepare(spec, Path.of("."));
            Dataset train = experiment.train();
            network = experiment.network();
            options = experiment.options();
            classification = train.isClassification();
            this.data = resident(train, PartitionRows.start(partition, setup.partitions(), train.rows()),
                    PartitionRows.count(partition, setup.partitions(), train.rows()), options.classWeights());
        } else {
            ExecutorSource table = setup.table();
            network = SpecNetworks.build(spec.network(), spec.seed(), table.preprocessing());
            classification = !table.classNames().isEmpty();
            // The driver checked early stopping against the validation data; the worker only needs the step's options.
            options = ExecutorPlans.shiftedForEmbedding(TrainingSetup.options(spec, SpecTypes.loss(spec.loss()),
                    table.classNames(), table.classCounts(), true), network, spec);
            this.data = new MappedRows(table, partition, lines, perClass(options.classWeights()));
        }
        this.rows = data.rows();
        this.batch = Math.max(1, Math.min(options.batchSize(), Math.max(rows, 1)));
        this.seed = options.seed();
        this.shuffle = options.shuffle();
        this.parametersSync = setup.parametersSync();
        this.batchX = backend.allocate(batch, network.inputs());
        this.batchY = backend.allocate(batch, network.outputs());
        this.batchW = options.classWeights() == null ? null : backend.allocate(batch, 1);
        boolean dropout = options.regularization().stream().anyMatch(r -> r.dropout() > 0);
        this.masks = dropout ? new RoundMasks(seed) : null;
        this.net = new DeviceNetwork(backend, network, batch, options.regularization());
        this.step = new TrainingStep(net, options.loss(), options.optimizer(), options.clipNorm(), masks, classification);
    }

    private static float[] perClass(ClassWeights weights) {
        if (weights == null) {
            return null;
        }
        float[] w = new float[weights.perClass().size()];
        for (int c = 0; c < w.length; c++) {
            w[c] = weights.perClass().get(c);
        }
        return w;
    }

    private PartitionData resident(Dataset train, int start, int count, ClassWeights weights) {
        int f = train.features();
        int t = train.targets();
        Tensor allX = backend.allocate(Math.max(count, 1), f);
        Tensor allY = backend.allocate(Math.max(count, 1), t);
        Tensor allW = weights == null ? null : backend.allocate(Math.max(count, 1), 1);
        if (count > 0) {
            float[] x = Arrays.copyOfRange(train.x(), start * f, (start + count) * f);
            float[] y = Arrays.copyOfRange(train.y(), start * t, (start + count) * t);
            backend.write(allX, x);
            backend.write(allY, y);
            if (weights != null) {
                backend.write(allW, weights.perRow(new Dataset(train.featureNames(), train.classNames(), count, f, t, x, y)));
            }
        }
        return new PartitionData.Resident(allX, allY, allW, count);
    }

    /** The round's partial sums for this partition. */
    Partial run(RoundInput in) {
        writeAll(parameterValues(), in.weights());
        // batch_norm: each partition normalises by its own batches' statistics (as PyTorch DDP without
        // SyncBatchNorm) and updates the driver's running statistics; the driver averages the results.
        writeAll(net.state(), in.state());
        if (parametersSync) {
            writeAll(step.update().state(), in.optimizerState());
            step.update().restoreCount(in.optimizerCount());
        }
        step.resetMetrics(0, 0);
        int[] epochOrder = orderFor(in.epoch());
        List<float[]> sums = null;
        int trained = 0;
        for (int b = in.firstBatch(); b < in.firstBatch() + in.batches(); b++) {
            int from = b * batch;
            if (from >= rows) {
                break;
            }
            int n = Math.min(batch, rows - from);
            Tensor x = n == batch ? batchX : batchX.withRows(n);
            Tensor y = n == batch ? batchY : batchY.withRows(n);
            Tensor w = batchW == null ? null : n == batch ? batchW : batchW.withRows(n);
            data.gather(backend, epochOrder, from, x, y, w);
            if (masks != null) {
                masks.begin(in.round(), partition, b);
            }
            int got = step.computeGradients(x, y, w);
            trained += got;
            if (parametersSync) {
                step.applyGradients(in.learningRate(), in.epoch(), b);
            } else {
                sums = addScaled(sums, step.readGradients(), got);
            }
        }
        List<float[]> optimizerSums = List.of();
        long count = in.optimizerCount();
        if (parametersSync) {
            sums = trained == 0 ? zeros(in.weights()) : scaled(readAll(parameterValues()), trained);
            optimizerSums = trained == 0 ? zeros(in.optimizerState()) : scaled(readAll(step.update().state()), trained);
            count = step.update().count();
        } else if (sums == null) {
            sums = zeros(in.weights());
        }
        List<float[]> stateSums = trained == 0 ? zeros(in.state()) : scaled(readAll(net.state()), trained);
        return new Partial(partition, trained, sums, step.lossSum(), step.quality(), count, optimizerSums, stateSums);
    }

    private int[] orderFor(int epoch) {
        if (epoch != orderEpoch) {
            order = PartitionRows.order(partition, rows, epoch, seed, shuffle);
            orderEpoch = epoch;
        }
        return order;
    }

    private List<Tensor> parameterValues() {
        List<Tensor> values = new ArrayList<>();
        for (Parameter p : step.parameters()) {
            values.add(p.value());
        }
        return values;
    }

    private void writeAll(List<Tensor> tensors, List<float[]> values) {
        if (tensors.size() != values.size()) {
            throw new IllegalStateException(values.size() + " arrays for " + tensors.size() + " tensors");
        }
        for (int i = 0; i < tensors.size(); i++) {
            backend.write(tensors.get(i), values.get(i));
        }
    }

    private List<float[]> readAll(List<Tensor> tensors) {
        List<float[]> result = new ArrayList<>();
        for (Tensor t : tensors) {
            float[] v = new float[t.size()];
            backend.read(t, v);
            result.add(v);
        }
        return result;
    }

    /** {@code into + values × weight}, elementwise in float (a fresh list when {@code into} is null). */
    static List<float[]> addScaled(List<float[]> into, List<float[]> values, int weight) {
        if (into == null) {
            return scaled(values, weight);
        }
        for (int i = 0; i < values.size(); i++) {
            float[] a = into.get(i);
            float[] v = values.get(i);
            for (int j = 0; j < a.length; j++) {
                a[j] += v[j] * weight;
            }
        }
        return into;
    }

    private static List<float[]> scaled(List<float[]> values, int weight) {
        List<float[]> result = new ArrayList<>();
        for (float[] v : values) {
            float[] s = new float[v.length];
            for (int j = 0; j < v.length; j++) {
                s[j] = v[j] * weight;
            }
            result.add(s);
        }
        return result;
    }

    private static List<float[]> zeros(List<float[]> like) {
        List<float[]> result = new ArrayList<>();
        for (float[] v : like) {
            result.add(new float[v.length]);
        }
        return result;
    }

    @Override
    public void close() {
        data.close();
        backend.close();
    }
}
