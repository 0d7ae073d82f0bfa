package nn.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nn.compute.Backend;
import nn.compute.DeviceUnavailableException;
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
        return fit(initial, train, validation, test, backend, listener, RunControl.none());
    }

    /**
     * As above, steered by {@code control}: checkpoints, resuming from one (where {@code initial}
     * only fixes the shapes), and stopping on request. A resumed run ends with exactly the weights
     * of an uninterrupted one: shuffles are replayed from the seed, dropout draws skipped, and the
     * optimizer's state restored. With {@link RunControl#keepLastEpoch()} a backend failure
     * ({@link nn.compute.DeviceUnavailableException}) arrives as a {@link DeviceFailedException}
     * carrying the last completed epoch's state, to resume from elsewhere.
     */
    public TrainingResult fit(Network initial, Dataset train, Dataset validation, Dataset test, Backend backend,
                              TrainingListener listener, RunControl control) {
        LastEpoch last = new LastEpoch();
        last.state = control.resumeFrom();
        try {
            return train(initial, train, validation, test, backend, listener, control, last);
        } catch (DeviceUnavailableException e) {
            if (!control.keepLastEpoch()) {
                throw e;
            }
            throw new DeviceFailedException(last.state, e);
        }
    }

    /** The last completed epoch's state, as far as the run got; see {@link RunControl#keepLastEpoch()}. */
    private static final class LastEpoch {
        private TrainingState state;
    }

    private TrainingResult train(Network initial, Dataset train, Dataset validation, Dataset test, Backend backend,
                                 TrainingListener listener, RunControl control, LastEpoch last) {
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
        TrainingState resume = control.resumeFrom();
        int n = train.rows();
        int batch = Math.min(options.batchSize(), n);
        int batches = (n + batch - 1) / batch;
        Network start = resume == null ? initial : resume.network();
        checkShapes(start, train);
        DeviceNetwork net = new DeviceNetwork(backend, start, batch, options.regularization());
        Scorer trainScorer = new Scorer(backend, train, batch);
        Scorer valScorer = validation == null ? null : new Scorer(backend, validation, batch);
        Tensor xBatch = backend.allocate(batch, train.features());
        Tensor yBatch = backend.allocate(batch, train.targets());
        int lastRows = n % batch == 0 ? batch : n % batch;
        Tensor xLast = xBatch.withRows(lastRows);
        Tensor yLast = yBatch.withRows(lastRows);
        // Class weights travel like Y: one weight per training row uploaded once, gathered per batch.
        ClassWeights classWeights = options.classWeights();
        Tensor allWeights = classWeights == null ? null : upload(backend, classWeights.perRow(train), n);
        Tensor wBatch = classWeights == null ? null : backend.allocate(batch, 1);
        Tensor wLast = wBatch == null ? null : wBatch.withRows(lastRows);
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
        SeededMasks masks = options.usesDropout() ? new SeededMasks(root.split()) : null;
        List<EpochMetrics> history = new ArrayList<>(Math.min(options.epochs(), 1024)); // grows; never 2^31 up front
        double best = stopping == null ? 0 : stopping.worst();
        int bestEpoch = 0;
        Network bestNetwork = null;
        boolean stoppedEarly = false;
        int firstEpoch = 1;
        if (resume != null) {
            restore(step, resume, backend);
            if (masks != null) {
                masks.skip(resume.dropoutDraws());
            }
            // SplittableRandom's state cannot be saved: replay the shuffles of the epochs already begun.
            for (int e = 1; e <= resume.epoch() && options.shuffle(); e++) {
                shuffle(order, shuffler);
            }
            history.addAll(resume.history());
            best = resume.best();
            bestEpoch = resume.bestEpoch();
            bestNetwork = resume.bestNetwork();
            firstEpoch = resume.epoch() + 1;
            stoppedEarly = stopping != null && !history.isEmpty() && resume.batch() == 0
                    && resume.epoch() - bestEpoch >= stopping.patience() && resume.epoch() < options.epochs();
        }
        if (resume == null && control.keepLastEpoch()) {
            // Epoch 0: the initial weights and the zero optimizer state, so a failure in epoch 1 loses nothing either.
            last.state = state(0, 0, 0, 0, net, step, masks, history, best, bestEpoch, bestNetwork, backend);
        }
        boolean interrupted = false;
        long start0 = System.nanoTime();
        for (int epoch = firstEpoch; epoch <= options.epochs() && !stoppedEarly && !interrupted; epoch++) {
            if (options.shuffle()) {
                shuffle(order, shuffler);
            }
            float rate = options.schedule().rate(options.optimizer().learningRate(), epoch, options.epochs());
            boolean partial = resume != null && epoch == firstEpoch && resume.batch() > 0;
            double lossSum = partial ? resume.lossSum() : 0;
            double quality = partial ? resume.quality() : 0;
            int batchNumber = partial ? resume.batch() : 0;
            for (int from = batchNumber * batch; from < n; from += batch) {
                batchNumber++;
                boolean full = from + batch <= n;
                Tensor x = full ? xBatch : xLast;
                Tensor y = full ? yBatch : yLast;
                backend.gatherRows(trainScorer.allX(), order, from, x);
                backend.gatherRows(trainScorer.allY(), order, from, y);
                Tensor w = null;
                if (allWeights != null) {
                    w = full ? wBatch : wLast;
                    backend.gatherRows(allWeights, order, from, w);
                }
                net.forward(x, masks);
                double loss = net.backward(options.loss(), x, y, w);
                // Checked before the step, so the weights (and any checkpoint taken later) stay finite.
                double gradientNorm = GradientClipping.globalNorm(backend, net.parameters());
                if (!Double.isFinite(loss) || !Double.isFinite(gradientNorm)) {
                    throw new TrainingDivergedException(epoch, batchNumber, loss, net.diagnose(), rate, List.of());
                }
                if (clipping != null) {
                    clipping.clip(backend, net.parameters(), gradientNorm);
                }
                step.apply(rate);
                lossSum += loss;
                quality += classification ? backend.countCorrect(net.output(), y) : backend.sumSquaredError(net.output(), y);
                int samples = Math.min(n, from + batch);
                listener.onBatch(new BatchProgress(epoch, options.epochs(), batchNumber, batches, samples,
                        lossSum / samples, metric(classification, quality, samples, train.targets())));
                if (samples < n && control.stopRequested().getAsBoolean()) {
                    control.checkpoints().accept(state(epoch - 1, batchNumber, lossSum, quality, net, step, masks,
                            history, best, bestEpoch, bestNetwork, backend));
                    interrupted = true;
                    break;
                }
            }
            if (interrupted) {
                break;
            }
            double metric = metric(classification, quality, n, train.targets());
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
                }
            }
            interrupted = control.stopRequested().getAsBoolean() && epoch < options.epochs() && !stoppedEarly;
            boolean due = control.checkpointEvery() > 0 && epoch % control.checkpointEvery() == 0;
            TrainingState ended = due || interrupted || control.keepLastEpoch() ? state(epoch, 0, 0, 0, net, step,
                    masks, history, best, bestEpoch, bestNetwork, backend) : null;
            if (control.keepLastEpoch()) {
                last.state = ended;
            }
            if (due || interrupted) {
                control.checkpoints().accept(ended);
            }
        }
        double seconds = (System.nanoTime() - start0) / 1e9;
        int epochsRun = history.size();
        if (bestNetwork != null && bestEpoch != epochsRun && !interrupted) {
            net = new DeviceNetwork(backend, bestNetwork, batch);
        } else {
            bestEpoch = epochsRun;
        }
        Network trained = net.download();
        Evaluation trainEval = trainScorer.evaluate(net, options.loss(), true);
        Evaluation valEval = valScorer == null ? null : valScorer.evaluate(net, options.loss(), true);
        Evaluation testEval = test == null ? null : new Scorer(backend, test, batch).evaluate(net, options.loss(), true);
        int epochsHere = epochsRun - firstEpoch + 1;
        double samplesPerSecond = seconds > 0 ? (double) n * epochsHere / seconds : Double.POSITIVE_INFINITY;
        return new TrainingResult(trained, history, trainEval, valEval, testEval, seconds, samplesPerSecond, bestEpoch,
                stoppedEarly, interrupted);
    }

    private static Tensor upload(Backend backend, float[] values, int rows) {
        Tensor t = backend.allocate(rows, 1);
        backend.write(t, values);
        return t;
    }

    private static double metric(boolean classification, double quality, int rows, int targets) {
        return classification ? quality / rows : Math.sqrt(quality / ((double) rows * targets));
    }

    private static TrainingState state(int epoch, int batch, double lossSum, double quality, DeviceNetwork net,
                                       Optimizer.Step step, SeededMasks masks, List<EpochMetrics> history, double best,
                                       int bestEpoch, Network bestNetwork, Backend backend) {
        List<float[]> tensors = new ArrayList<>();
        for (Tensor t : step.state()) {
            float[] values = new float[t.size()];
            backend.read(t, values);
            tensors.add(values);
        }
        return new TrainingState(epoch, batch, lossSum, quality, net.download(), step.count(), tensors,
                masks == null ? 0 : masks.draws, history, best, bestEpoch, bestNetwork);
    }

    private static void restore(Optimizer.Step step, TrainingState state, Backend backend) {
        List<Tensor> tensors = step.state();
        if (tensors.size() != state.optimizerState().size()) {
            throw new IllegalArgumentException("the checkpoint holds " + state.optimizerState().size()
                    + " optimizer tensors; this optimizer keeps " + tensors.size());
        }
        for (int i = 0; i < tensors.size(); i++) {
            if (tensors.get(i).size() != state.optimizerState().get(i).length) {
                throw new IllegalArgumentException("optimizer tensor " + i + " of the checkpoint has "
                        + state.optimizerState().get(i).length + " values; expected " + tensors.get(i).size());
            }
            backend.write(tensors.get(i), state.optimizerState().get(i));
        }
        step.restoreCount(state.optimizerCount());
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

    /**
     * Masks of 0 (with probability rate) or 1/(1 − rate), drawn in order from one seeded
     * generator. The draws are counted so that a resumed run can skip as many.
     */
    private static final class SeededMasks implements DropoutMasks {
        private final SplittableRandom random;
        private long draws;

        SeededMasks(SplittableRandom random) {
            this.random = random;
        }

        @Override
        public void fill(int layer, float rate, float[] mask, int count) {
            float kept = 1f / (1f - rate);
            for (int i = 0; i < count; i++) {
                mask[i] = random.nextDouble() < rate ? 0f : kept;
            }
            draws += count;
        }

        void skip(long count) {
            for (long i = 0; i < count; i++) {
                random.nextDouble();
            }
            draws += count;
        }
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
