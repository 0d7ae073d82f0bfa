package nn.bench;

import java.util.List;
import nn.compute.Activation;
import nn.compute.Loss;
import nn.network.DenseLayer;
import nn.network.LayerShape;
import nn.network.Network;

/**
 * The workloads of PERFORMANCE.md. A run is what one timing covers: W1 all 10,000 epochs of its
 * batch of four, W2 one epoch of 60,000 samples (469 steps; a full run's figure is per epoch
 * anyway), W3 its 20 steps. {@code peak} trains nothing: it measures the device's FMA peak, so
 * every figure can be read as a fraction of what the cores can do.
 */
public enum Workload {
    // W1 warms up for 20 runs (200,000 tiny steps, a few hundred ms): after 3 its median was still the
    // JIT's tiers, 17 ms against a steady 9 (measured, Zen 5, JDK 17).
    W1("w1", "xor 2-3-1, batch 4, 10,000 epochs", 4, 10_000, 0.1f, 20, 5),
    // W2 warms up for 3 epochs and times 5: epoch by epoch in one JVM, the first ran at 112-154k samples/s
    // and the next two still climbed while C2 compiled (e.g. 146k, 172k, 182k, then 178-243k; Zen 5,
    // JDK 17), so one warm-up epoch and 3 timed ones measured the JIT as much as the step.
    W2("w2", "mnist-shape 784-256-128-10, b128", 128, 60_000 / 128, 0.01f, 3, 5),
    W3("w3", "wide 4096-4096-4096-10, b256", 256, 20, 0.001f, 0, 1),
    /** Not training: the FMA peak of the device with the width its products use, the yardstick for the others. */
    PEAK("peak", "FMA peak, all threads, chosen width", 0, 0, 0f, 0, 3);

    private final String id;
    private final String description;
    private final int batch;
    private final int stepsPerRun;
    private final float learningRate;
    private final int warmupRuns;
    private final int defaultRepeats;

    Workload(String id, String description, int batch, int stepsPerRun, float learningRate, int warmupRuns,
             int defaultRepeats) {
        this.id = id;
        this.description = description;
        this.batch = batch;
        this.stepsPerRun = stepsPerRun;
        this.learningRate = learningRate;
        this.warmupRuns = warmupRuns;
        this.defaultRepeats = defaultRepeats;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** Timed runs when the user does not say: W3 takes seconds per run, so one. */
    public int defaultRepeats() {
        return defaultRepeats;
    }

    /** Samples per step. */
    public int batch() {
        return batch;
    }

    int stepsPerRun() {
        return stepsPerRun;
    }

    float learningRate() {
        return learningRate;
    }

    /** Untimed full runs before timing; W3 warms up with {@link #warmupSteps()} instead. */
    int warmupRuns() {
        return warmupRuns;
    }

    /** Untimed steps before the warm-up runs (W3: two steps compile the hot paths). */
    int warmupSteps() {
        return this == W3 ? 2 : 0;
    }

    Loss loss() {
        return this == W1 ? Loss.BINARY_CROSSENTROPY : Loss.CATEGORICAL_CROSSENTROPY;
    }

    /** The network, with the anchor's fixed XOR weights for W1 and seeded weights otherwise. */
    Network network() {
        return switch (this) {
            case W1 -> new Network(2, List.of(
                    new DenseLayer(2, 3, Activation.RELU, true, new float[] {0.5f, -0.6f, 0.3f, -0.4f, 0.7f, 0.8f},
                            new float[] {0.1f, 0.1f, -0.2f}),
                    new DenseLayer(3, 1, Activation.SIGMOID, true, new float[] {0.6f, 0.7f, -0.5f}, new float[] {0f})));
            case W2 -> Network.initialize(784, List.of(relu(256), relu(128), new LayerShape(10, Activation.SOFTMAX, true)), 42);
            case W3 -> Network.initialize(4096, List.of(relu(4096), relu(4096), new LayerShape(10, Activation.SOFTMAX, true)), 42);
            case PEAK -> throw new IllegalStateException("the peak workload has no network");
        };
    }

    private static LayerShape relu(int units) {
        return new LayerShape(units, Activation.RELU, true);
    }

    /** The training data: the four XOR rows, or random features with random classes. */
    SyntheticData data() {
        return switch (this) {
            case W1 -> new SyntheticData(4, 2, 1, new float[] {0, 0, 0, 1, 1, 0, 1, 1}, new float[] {0, 1, 1, 0});
            case W2 -> SyntheticData.classification(60_000, 784, 10, 7);
            case W3 -> SyntheticData.classification(256, 4096, 10, 7);
            case PEAK -> throw new IllegalStateException("the peak workload has no data");
        };
    }

    /**
     * Whether every timed run starts again from the initial weights: W1 is the anchor's whole
     * training (10,000 epochs from fixed weights, ending at its final loss), not a continuation.
     */
    boolean restartsEachRun() {
        return this == W1;
    }

    /** Parses {@code w1}, {@code w2}, {@code w3}, {@code peak} (any case). */
    public static Workload parse(String id) {
        for (Workload w : values()) {
            if (w.id.equalsIgnoreCase(id)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + id + "': expected w1, w2, w3, peak or all");
    }
}
