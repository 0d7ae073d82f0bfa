package nn.train;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * How a run is steered from outside the loop: a checkpoint every {@code checkpointEvery} epochs
 * (0: never) handed to {@code checkpoints}, a state to resume from (null: start afresh), and a flag
 * read between batches that stops the run after the current batch, with a checkpoint.
 */
public record RunControl(int checkpointEvery, TrainingState resumeFrom, Consumer<TrainingState> checkpoints,
                         BooleanSupplier stopRequested) {
    public RunControl {
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpoint interval must be >= 0 (0 is off), got " + checkpointEvery);
        }
        checkpoints = checkpoints == null ? state -> { } : checkpoints;
        stopRequested = stopRequested == null ? () -> false : stopRequested;
    }

    /** No checkpoints, no resume, never stopped. */
    public static RunControl none() {
        return new RunControl(0, null, null, null);
    }
}
