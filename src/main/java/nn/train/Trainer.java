package nn.train;

import nn.compute.Backend;
import nn.compute.DeviceUnavailableException;
import nn.compute.Loss;
import nn.data.Dataset;
import nn.network.DeviceNetwork;
import nn.network.Network;

/**
 * Mini-batch training. The data set is uploaded once; each batch is gathered on the device and
 * run through the one {@link TrainingStep} (forward with dropout masks drawn from the run's seed,
 * backward, the finiteness check, clipping, the optimizer at the schedule's rate). After each
 * epoch the validation data, when given, is scored for the progress line and early stopping. The
 * parts of a run (resume, the epoch loop, early stopping, checkpoints) are in {@link EpochLoop}.
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
    static final class LastEpoch {
        TrainingState state;
    }

    private TrainingResult train(Network initial, Dataset train, Dataset validation, Dataset test, Backend backend,
                                 TrainingListener listener, RunControl control, LastEpoch last) {
        checkShapes(initial, train);
        for (Dataset other : new Dataset[] {validation, test}) {
            if (other != null) {
                checkShapes(initial, other);
            }
        }
        if (options.earlyStopping() != null && validation == null) {
            throw new IllegalArgumentException("early stopping monitors validation data; give some");
        }
        return new EpochLoop(options, initial, train, validation, backend, control, listener).run(test, last);
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

    static void checkShapes(Network network, Dataset data) {
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
