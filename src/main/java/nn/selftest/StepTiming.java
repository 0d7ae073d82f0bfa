package nn.selftest;

/**
 * A short timing of one workload on the device under test.
 *
 * @param workload {@code w1}, {@code w2} or {@code w3}
 * @param steps timed steps (after one untimed step)
 * @param batch samples per step
 * @param millisPerStep wall-clock milliseconds per step
 */
public record StepTiming(String workload, int steps, int batch, double millisPerStep) {
    /** Samples per second at that rate. */
    public double samplesPerSecond() {
        return batch * 1000.0 / millisPerStep;
    }
}
