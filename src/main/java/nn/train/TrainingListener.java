package nn.train;

/** Hears about training as it goes, for progress display and logs. */
@FunctionalInterface
public interface TrainingListener {
    /** Called after each epoch with its metrics; {@code epochs} is the total planned. */
    void onEpoch(EpochMetrics metrics, int epochs);

    /**
     * Called after a training batch when {@link #wantsProgress()} said so, and after each epoch's
     * last batch; most listeners need only {@link #onEpoch}.
     */
    default void onBatch(BatchProgress progress) {
    }

    /**
     * Whether the batch that just ran should be reported through {@link #onBatch}: each report is a
     * sync point (on a device, a host read of the step's totals), so a progress display asks only
     * when it would redraw. None by default.
     */
    default boolean wantsProgress() {
        return false;
    }

    /** A listener that does nothing. */
    static TrainingListener silent() {
        return (metrics, epochs) -> { };
    }
}
