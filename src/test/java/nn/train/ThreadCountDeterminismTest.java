package nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import nn.compute.java.JavaBackend;
import nn.config.ConfigLoader;
import nn.run.Experiment;
import nn.run.Experiments;
import nn.network.Network;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java backend splits products over output rows and columns, never over the summed
 * dimension, so the same seed gives bitwise-equal weights whatever the thread count. The
 * hidden layers are wide enough (batch × 128 × 128 multiply-adds) for the products to be split.
 */
class ThreadCountDeterminismTest {
    private static final String IRIS_WIDE = """
            name: iris-wide
            seed: 7
            device: java
            network:
              input: 4
              layers:
                - { units: 128, activation: relu }
                - { units: 128, activation: tanh }
                - { units: 3, activation: softmax }
            loss: categorical_crossentropy
            optimizer: { type: sgd, learning_rate: 0.05 }
            training: { epochs: 3, batch_size: 32, shuffle: true }
            data:
              train: { csv: ../data/iris-train.csv, label: species }
              normalize: standard
            """;

    private static Network train(Experiment experiment, int threads, int bits) {
        try (JavaBackend backend = bits == 0 ? new JavaBackend(threads) : JavaBackend.withVectorBits(threads, bits)) {
            return new Trainer(experiment.options()).fit(experiment.network(), experiment.train(), null, backend,
                    TrainingListener.silent()).network();
        }
    }

    /** 0 for the width this CPU runs by default, then every vector width it has. */
    static Stream<Integer> widths() {
        return Stream.concat(Stream.of(0), JavaBackend.vectorWidths().stream());
    }

    @ParameterizedTest(name = "vector bits {0} (0: the default)")
    @MethodSource("widths")
    void oneTwoAndEightThreadsGiveBitwiseEqualWeights(int bits) {
        Experiment experiment;
        try (ConfigLoader loader = new ConfigLoader()) {
            experiment = Experiments.prepare(loader.parse("iris-wide.yaml", IRIS_WIDE, Path.of("configs"), List.of()).spec(),
                    Path.of("configs"));
        }
        Network one = train(experiment, 1, bits);
        assertNotEquals(experiment.network(), one, "training must change the weights");
        assertEquals(one, train(experiment, 2, bits), "2 threads");
        assertEquals(one, train(experiment, 8, bits), "8 threads");
    }
}
