package nn.train;

/** Hears about training as it goes, for progress display and logs. */
@FunctionalInterface
public interface TrainingListener {
    /** Called after each epoch with its metrics; {@code epochs} is the total planned. */
    void onEpoch(EpochMetrics metrics, int epochs);

    /** Called after each training batch; most listeners need only {@link #onEpoch}. */
    default void onBatch(BatchProgress progress) {
    }

    /** A listener that does nothing. */
    static TrainingListener silent() {
        return (metrics, epochs) -> { };
    }
}
