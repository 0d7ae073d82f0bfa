package nn.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nn.compute.Backend;
import nn.compute.Tensor;
import nn.compute.Totals;
import nn.data.Dataset;
import nn.network.DeviceNetwork;
import nn.network.Network;

/**
 * One call of {@link Trainer#fit}: the state of a run between its parts (resume, the epoch loop,
 * early stopping, checkpoints, the final evaluations). All of it lives here, none on the network.
 */
final class EpochLoop {
    private final TrainingOptions options;
    private final Dataset train;
    private final Backend backend;
    private final RunControl control;
    private final TrainingListener listener;
    private final int batch;
    private final int batches;
    private final Scorer trainScorer;
    private final Scorer valScorer;
    private final BatchFeed feed;
    private final SplittableRandom shuffler;
    private final SeededMasks masks;
    private final TrainingStep step;
    private final List<EpochMetrics> history;
    private final BestEpoch best;
    private final TrainingState resume;
    private final int firstEpoch;
    private DeviceNetwork net;
    private boolean interrupted;
    /** When this run's first epoch ended (System.nanoTime), 0 before. */
    private long firstEpochEnd;

    EpochLoop(TrainingOptions options, Network initial, Dataset train, Dataset validation, Backend backend,
                RunControl control, TrainingListener listener) {
        this.options = options;
        this.train = train;
        this.backend = backend;
        this.control = control;
        this.listener = listener;
        this.resume = control.resumeFrom();
        int n = train.rows();
        this.batch = Math.min(options.batchSize(), n);
        this.batches = (n + batch - 1) / batch;
        Network start = resume == null ? initial : resume.network();
        Trainer.checkShapes(start, train);
        this.net = new DeviceNetwork(backend, start, batch, options.regularization());
        this.trainScorer = new Scorer(backend, train, batch);
        this.valScorer = validation == null ? null : new Scorer(backend, validation, batch);
        ClassWeights classWeights = options.classWeights();
        this.feed = new BatchFeed(backend, trainScorer.allX(), trainScorer.allY(),
                classWeights == null ? null : classWeights.perRow(train), batch);
        SplittableRandom root = new SplittableRandom(options.seed());
        // The shuffler is the root's first split, as before dropout existed: old seeds keep their order.
        this.shuffler = root.split();
        this.masks = options.usesDropout() ? new SeededMasks(root.split()) : null;
        this.step = new TrainingStep(net, options.loss(), options.optimizer(), options.clipNorm(), masks,
                train.isClassification());
        this.history = new ArrayList<>(Math.min(options.epochs(), 1024)); // grows; never 2^31 up front
        this.best = new BestEpoch(options.earlyStopping());
        this.firstEpoch = resume == null ? 1 : resume.epoch() + 1;
        if (resume != null) {
            restore();
        }
    }

    /** Puts the optimizer, dropout generator, shuffle order and history where the checkpoint left them. */
    private void restore() {
        CheckpointStates.restore(step.update(), resume, backend);
        if (masks != null) {
            masks.skip(resume.dropoutDraws());
        }
        // SplittableRandom's state cannot be saved: replay the shuffles of the epochs already begun.
        for (int e = 1; e <= resume.epoch() && options.shuffle(); e++) {
            feed.shuffle(shuffler);
        }
        history.addAll(resume.history());
        best.restore(resume, options.epochs());
    }

    /** The state after {@code epoch} whole epochs and {@code batchesDone} of the next. */
    TrainingState state(int epoch, int batchesDone) {
        double lossSum = batchesDone == 0 ? 0 : step.lossSum();
        double quality = batchesDone == 0 ? 0 : step.quality();
        return CheckpointStates.capture(epoch, batchesDone, lossSum, quality, net, step.update(),
                masks == null ? 0 : masks.draws(), history, best, backend);
    }

    /** Trains the remaining epochs; {@code last} receives each completed epoch's state when the control keeps it. */
    TrainingResult run(Dataset test, Trainer.LastEpoch last) {
        if (resume == null && control.keepLastEpoch()) {
            // Epoch 0: the initial weights and the zero optimizer state, so a failure in epoch 1 loses nothing either.
            last.state = state(0, 0);
        }
        long start = System.nanoTime();
        for (int epoch = firstEpoch; epoch <= options.epochs() && !best.stopped && !interrupted; epoch++) {
            float rate = options.schedule().rate(options.optimizer().learningRate(), epoch, options.epochs());
            if (!runEpoch(epoch, rate)) {
                break;
            }
            endEpoch(epoch, rate, last);
            if (epoch == firstEpoch) {
                firstEpochEnd = System.nanoTime();
            }
        }
        long end = System.nanoTime();
        double steady = Double.NaN;
        int laterEpochs = history.size() - firstEpoch;
        if (firstEpochEnd != 0 && laterEpochs > 0 && !interrupted && end > firstEpochEnd) {
            steady = (double) train.rows() * laterEpochs / ((end - firstEpochEnd) / 1e9);
        }
        return finish(test, (end - start) / 1e9, steady);
    }

    /** The batches of one epoch; false when a stop request ended it early (after a checkpoint). */
    private boolean runEpoch(int epoch, float rate) {
        if (options.shuffle()) {
            feed.shuffle(shuffler);
        }
        boolean partial = resume != null && epoch == firstEpoch && resume.batch() > 0;
        step.resetMetrics(partial ? resume.lossSum() : 0, partial ? resume.quality() : 0);
        int batchNumber = partial ? resume.batch() : 0;
        int n = feed.rows();
        for (int from = batchNumber * batch; from < n; from += batch) {
            batchNumber++;
            Tensor[] b = feed.gather(from);
            step.run(b[0], b[1], b[2], rate, epoch, batchNumber);
            int samples = Math.min(n, from + batch);
            // Sync points only: a progress update, the epoch's last batch (endEpoch reads the totals
            // next), a stop request's checkpoint. Between them the step reads nothing back.
            if (samples == n || listener.wantsProgress()) {
                Totals t = step.sync();
                listener.onBatch(new BatchProgress(epoch, options.epochs(), batchNumber, batches, samples,
                        loss(t.lossSum(), samples), metric(t.quality(), samples)));
            }
            if (samples < n && control.stopRequested().getAsBoolean()) {
                step.sync(); // a checkpoint never holds the weights of a run that diverged
                control.checkpoints().accept(state(epoch - 1, batchNumber));
                interrupted = true;
                return false;
            }
        }
        return true;
    }

    /** Validation, early stopping and the checkpoint after a whole epoch. */
    private void endEpoch(int epoch, float rate, Trainer.LastEpoch last) {
        int n = feed.rows();
        Totals totals = step.sync();
        double metric = metric(totals.quality(), n);
        EpochMetrics metrics = new EpochMetrics(epoch, loss(totals.lossSum(), n), metric, Double.NaN, Double.NaN, rate);
        if (valScorer != null) {
            Evaluation v = valScorer.evaluate(net, options.loss()).inTargetUnits(options.targetScale());
            metrics = new EpochMetrics(epoch, loss(totals.lossSum(), n), metric, v.loss(), v.metric(), rate);
        }
        history.add(metrics);
        listener.onEpoch(metrics, options.epochs());
        best.observe(metrics, epoch, options.epochs(), net);
        interrupted = control.stopRequested().getAsBoolean() && epoch < options.epochs() && !best.stopped;
        boolean due = control.checkpointEvery() > 0 && epoch % control.checkpointEvery() == 0;
        TrainingState ended = due || interrupted || control.keepLastEpoch() ? state(epoch, 0) : null;
        if (control.keepLastEpoch()) {
            last.state = ended;
        }
        if (due || interrupted) {
            control.checkpoints().accept(ended);
        }
    }

    /** Restores the best epoch's weights when early stopping asks, downloads, and runs the final evaluations. */
    private TrainingResult finish(Dataset test, double seconds, double steadySamplesPerSecond) {
        int epochsRun = history.size();
        int bestEpoch = best.epoch;
        if (best.network != null && bestEpoch != epochsRun && !interrupted) {
            net = new DeviceNetwork(backend, best.network, batch);
        } else {
            bestEpoch = epochsRun;
        }
        Network trained = net.download();
        double scale = options.targetScale();
        Evaluation trainEval = trainScorer.evaluate(net, options.loss(), true).inTargetUnits(scale);
        Evaluation valEval = valScorer == null ? null : valScorer.evaluate(net, options.loss(), true).inTargetUnits(scale);
        Evaluation testEval = test == null ? null
                : new Scorer(backend, test, batch).evaluate(net, options.loss(), true).inTargetUnits(scale);
        int epochsHere = epochsRun - firstEpoch + 1;
        double samplesPerSecond = seconds > 0 ? (double) train.rows() * epochsHere / seconds : Double.POSITIVE_INFINITY;
        return new TrainingResult(trained, history, trainEval, valEval, testEval, seconds, samplesPerSecond, bestEpoch,
                best.stopped, interrupted, steadySamplesPerSecond);
    }

    /** Accuracy, or RMSE in the label's units (targets may be standardised). */
    private double metric(double quality, int rows) {
        return train.isClassification() ? quality / rows
                : Math.sqrt(quality / ((double) rows * train.targets())) * options.targetScale();
    }

    /** The mean training loss; for standardised regression targets in the label's units, as evaluations. */
    private double loss(double sum, int rows) {
        double scale = train.isClassification() ? 1 : options.targetScale();
        return sum / rows * scale * scale;
    }
}
