package nn.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nn.compute.Backend;
import nn.compute.Loss;
import nn.compute.Tensor;
import nn.data.Dataset;
import nn.network.DeviceNetwork;
import nn.network.DropoutMasks;
import nn.network.Network;

/**
 * Mini-batch training. The data set is uploaded once; each step gathers its batch on the device,
 * runs forward (with dropout masks drawn from the run's seed) and backward, clips the gradients
 * when asked, and applies the optimizer at the schedule's rate. Only the batch loss, the count of
 * correct predictions and (with clipping) the gradient norm come back to the host per step. After
 * each epoch the validation data, when given, is scored for the progress line and early stopping.
 */
public final class Trainer {
    private static final int EVALUATION_BATCH = 256;
    private final TrainingOptions options;

    public Trainer(TrainingOptions options) {
        this.options = options;
    }

    public TrainingOptions options() {
        return options;
    }

    /** As {@link #fit(Network, Dataset, Dataset, Dataset, Backend, TrainingListener)} without validation data. */
    public TrainingResult fit(Network initial, Dataset train, Dataset test, Backend backend, TrainingListener listener) {
        return fit(initial, train, null, test, backend, listener);
    }

    /**
     * Trains a copy of {@code initial} on {@code train}, scoring {@code validation} (may be null)
     * after each epoch; evaluates the result on {@code train}, {@code validation} and {@code test}
     * (may be null). The same options and seed give the same network.
     */
    public TrainingResult fit(Network initial, Dataset train, Dataset validation, Dataset test, Backend backend,
                              TrainingListener listener) {
        checkShapes(initial, train);
        for (Dataset other : new Dataset[] {validation, test}) {
            if (other != null) {
                checkShapes(initial, other);
            }
        }
        EarlyStopping stopping = options.earlyStopping();
        if (stopping != null && validation == null) {
            throw new IllegalArgumentException("early stopping monitors validation data; give some");
        }
        int n = train.rows();
        int batch = Math.min(options.batchSize(), n);
        DeviceNetwork net = new DeviceNetwork(backend, initial, batch, options.regularization());
        Scorer trainScorer = new Scorer(backend, train, batch);
        Scorer valScorer = validation == null ? null : new Scorer(backend, validation, batch);
        Tensor xBatch = backend.allocate(batch, train.features());
        Tensor yBatch = backend.allocate(batch, train.targets());
        int lastRows = n % batch == 0 ? batch : n % batch;
        Tensor xLast = xBatch.withRows(lastRows);
        Tensor yLast = yBatch.withRows(lastRows);
        Optimizer.Step step = options.optimizer().bind(backend, net.parameters());
        GradientClipping clipping = options.clipNorm() > 0 ? new GradientClipping(options.clipNorm()) : null;
        boolean classification = train.isClassification();

        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom root = new SplittableRandom(options.seed());
        // The shuffler is the root's first split, as before dropout existed: old seeds keep their order.
        SplittableRandom shuffler = root.split();
        DropoutMasks masks = options.usesDropout() ? seededMasks(root.split()) : null;
        List<EpochMetrics> history = new ArrayList<>(options.epochs());
        double best = stopping == null ? 0 : stopping.worst();
        int bestEpoch = 0;
        Network bestNetwork = null;
        boolean stoppedEarly = false;
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            if (options.shuffle()) {
                shuffle(order, shuffler);
            }
            float rate = options.schedule().rate(options.optimizer().learningRate(), epoch, options.epochs());
            double lossSum = 0;
            double quality = 0;
            int batchNumber = 0;
            for (int from = 0; from < n; from += batch) {
                batchNumber++;
                boolean full = from + batch <= n;
                Tensor x = full ? xBatch : xLast;
                Tensor y = full ? yBatch : yLast;
                backend.gatherRows(trainScorer.allX(), order, from, x);
                backend.gatherRows(trainScorer.allY(), order, from, y);
                net.forward(x, masks);
                double loss = net.backward(options.loss(), x, y);
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException(epoch, batchNumber, loss);
                }
                if (clipping != null && !Double.isFinite(clipping.apply(backend, net.parameters()))) {
                    throw new TrainingDivergedException(epoch, batchNumber, Double.NaN);
                }
                step.apply(rate);
                lossSum += loss;
                quality += classification ? backend.countCorrect(net.output(), y) : backend.sumSquaredError(net.output(), y);
            }
            double metric = classification ? quality / n : Math.sqrt(quality / ((double) n * train.targets()));
            EpochMetrics metrics = new EpochMetrics(epoch, lossSum / n, metric, Double.NaN, Double.NaN, rate);
            if (valScorer != null) {
                Evaluation v = valScorer.evaluate(net, options.loss());
                metrics = new EpochMetrics(epoch, lossSum / n, metric, v.loss(), v.metric(), rate);
            }
            history.add(metrics);
            listener.onEpoch(metrics, options.epochs());
            if (stopping != null) {
                double value = stopping.value(metrics);
                if (stopping.improves(value, best)) {
                    best = value;
                    bestEpoch = epoch;
                    bestNetwork = stopping.restoreBest() ? net.download() : null;
                } else if (epoch - bestEpoch >= stopping.patience()) {
                    stoppedEarly = epoch < options.epochs();
                    break;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int epochsRun = history.size();
        if (bestNetwork != null && bestEpoch != epochsRun) {
            net = new DeviceNetwork(backend, bestNetwork, batch);
        } else {
            bestEpoch = epochsRun;
        }
        Network trained = net.download();
        Evaluation trainEval = trainScorer.evaluate(net, options.loss(), true);
        Evaluation valEval = valScorer == null ? null : valScorer.evaluate(net, options.loss(), true);
        Evaluation testEval = test == null ? null : new Scorer(backend, test, batch).evaluate(net, options.loss(), true);
        double samplesPerSecond = seconds > 0 ? (double) n * epochsRun / seconds : Double.POSITIVE_INFINITY;
        return new TrainingResult(trained, history, trainEval, valEval, testEval, seconds, samplesPerSecond, bestEpoch,
                stoppedEarly);
    }

    /**
     * Loss and detailed metrics (confusion matrix, or regression metrics) of {@code network} on
     * every row of {@code data}, in order and without dropout: the same scoring as a run's final
     * evaluations.
     */
    public static Evaluation evaluate(Network network, Dataset data, Loss loss, Backend backend) {
        checkShapes(network, data);
        int batch = Math.max(1, Math.min(EVALUATION_BATCH, data.rows()));
        DeviceNetwork net = new DeviceNetwork(backend, network, batch);
        return new Scorer(backend, data, batch).evaluate(net, loss, true);
    }

    /** Masks of 0 (with probability rate) or 1/(1 − rate), drawn in order from one seeded generator. */
    private static DropoutMasks seededMasks(SplittableRandom random) {
        return (layer, rate, mask, count) -> {
            float kept = 1f / (1f - rate);
            for (int i = 0; i < count; i++) {
                mask[i] = random.nextDouble() < rate ? 0f : kept;
            }
        };
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }

    private static void checkShapes(Network network, Dataset data) {
        if (network.inputs() != data.features()) {
            throw new IllegalArgumentException("the network takes " + network.inputs() + " inputs but the data has "
                    + data.features() + " features");
        }
        if (network.outputs() != data.targets()) {
            throw new IllegalArgumentException("the network has " + network.outputs() + " outputs but the data has "
                    + data.targets() + " targets");
        }
    }
}
