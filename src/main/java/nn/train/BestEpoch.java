package nn.train;

import nn.network.DeviceNetwork;
import nn.network.Network;

/**
 * Early stopping's bookkeeping: the best monitored value, the epoch that reached it, its weights
 * when the best is to be restored, and whether patience has run out. Inert without early stopping.
 */
final class BestEpoch {
    private final EarlyStopping stopping;
    double best;
    int epoch;
    Network network;
    boolean stopped;

    BestEpoch(EarlyStopping stopping) {
        this.stopping = stopping;
        this.best = stopping == null ? 0 : stopping.worst();
    }

    /** Takes the saved values of a checkpoint taken after {@code epochsDone} epochs of {@code epochs}. */
    void restore(TrainingState state, int epochs) {
        best = state.best();
        epoch = state.bestEpoch();
        network = state.bestNetwork();
        stopped = stopping != null && !state.history().isEmpty() && state.batch() == 0
                && state.epoch() - epoch >= stopping.patience() && state.epoch() < epochs;
    }

    /** Records epoch {@code current}'s metrics of {@code epochs}; downloads the weights when they are a new best to restore. */
    void observe(EpochMetrics metrics, int current, int epochs, DeviceNetwork net) {
        if (stopping == null) {
            return;
        }
        double value = stopping.value(metrics);
        if (stopping.improves(value, best)) {
            best = value;
            epoch = current;
            network = stopping.restoreBest() ? net.download() : null;
        } else if (current - epoch >= stopping.patience()) {
            stopped = current < epochs;
        }
    }
}
