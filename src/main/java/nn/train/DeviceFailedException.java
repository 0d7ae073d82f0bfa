package nn.train;

import nn.compute.DeviceUnavailableException;

/**
 * The backend failed mid-run ({@link DeviceUnavailableException}) while {@link RunControl#keepLastEpoch()}
 * was set. {@link #lastState()} is the last completed epoch's state, taken on the host before the
 * failure, so that a resume from it (on another backend) loses nothing: the state at epoch 0 (the
 * initial weights, a zero optimizer state) when no epoch finished, the resumed-from state when the
 * run failed before its first epoch ended, or null when the device failed before even the initial
 * weights were on it (then a fresh start loses nothing either).
 */
public final class DeviceFailedException extends RuntimeException {
    private final transient TrainingState lastState;

    public DeviceFailedException(TrainingState lastState, DeviceUnavailableException cause) {
        super(cause.getMessage(), cause);
        this.lastState = lastState;
    }

    /** The last completed epoch's state; null when nothing had been set up on the device. */
    public TrainingState lastState() {
        return lastState;
    }

    @Override
    public DeviceUnavailableException getCause() {
        return (DeviceUnavailableException) super.getCause();
    }
}
