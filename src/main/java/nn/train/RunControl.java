package nn.train;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * How a run is steered from outside the loop: a checkpoint every {@code checkpointEvery} epochs
 * (0: never) handed to {@code checkpoints}, a state to resume from (null: start afresh), a flag
 * read between batches that stops the run after the current batch, with a checkpoint, and whether
 * to keep the last completed epoch's state on the host so that a device failure loses nothing
 * ({@code keepLastEpoch}: see {@link DeviceFailedException}).
 */
public record RunControl(int checkpointEvery, TrainingState resumeFrom, Consumer<TrainingState> checkpoints,
                         BooleanSupplier stopRequested, boolean keepLastEpoch) {
    public RunControl {
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpoint interval must be >= 0 (0 is off), got " + checkpointEvery);
        }
        checkpoints = checkpoints == null ? state -> { } : checkpoints;
        stopRequested = stopRequested == null ? () -> false : stopRequested;
    }

    /** Without keeping the last epoch: the Java backend cannot fail mid-run, so nothing to pay for. */
    public RunControl(int checkpointEvery, TrainingState resumeFrom, Consumer<TrainingState> checkpoints,
                      BooleanSupplier stopRequested) {
        this(checkpointEvery, resumeFrom, checkpoints, stopRequested, false);
    }

    /** No checkpoints, no resume, never stopped. */
    public static RunControl none() {
        return new RunControl(0, null, null, null);
    }

    /** This control resuming from {@code state} (null: from the start) instead. */
    public RunControl resumingFrom(TrainingState state) {
        return new RunControl(checkpointEvery, state, checkpoints, stopRequested, keepLastEpoch);
    }

    /**
     * This control keeping (or not) the last completed epoch's state on the host; it costs a
     * download of the weights and optimizer state per epoch.
     */
    public RunControl keepingLastEpoch(boolean keep) {
        return new RunControl(checkpointEvery, resumeFrom, checkpoints, stopRequested, keep);
    }
}
