package nn.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import nn.config.ConfigLoader;
import nn.config.LoadedConfig;
import nn.network.Footprint;
import nn.train.TrainingListener;

/**
 * Not a test: measures the heap a real run uses against {@link RunFootprint}'s figure on the
 * W2 shape (784-256-128-10, batch 128, SGD) on synthetic CSV data, on the Java backend.
 * Heap used is read after {@code System.gc()} at the end of the first epoch, less the heap in use
 * before the data was read. Run: {@code java -cp target/classes:target/test-classes:$(deps)
 * nn.run.FootprintProbe ROWS DIR}.
 */
public final class FootprintProbe {
    private FootprintProbe() {
    }

    public static void main(String[] args) throws IOException {
        int rows = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        Files.createDirectories(dir);
        Path csv = dir.resolve("w2.csv");
        writeCsv(csv, rows);
        Files.writeString(dir.resolve("w2.yaml"), """
                name: w2
                device: java
                network:
                  input: 784
                  layers:
                    - { units: 256, activation: relu }
                    - { units: 128, activation: relu }
                    - { units: 10, activation: softmax }
                loss: categorical_crossentropy
                optimizer: { type: sgd, learning_rate: 0.01 }
                training: { epochs: 1, batch_size: 128, shuffle: false }
                data: { train: { csv: w2.csv, label: label } }
                """);
        LoadedConfig loaded;
        try (ConfigLoader loader = new ConfigLoader()) {
            loaded = loader.load(dir.resolve("w2.yaml"), List.of());
        }
        long before = usedAfterGc();
        Experiment experiment = Experiments.prepare(loaded.spec(), loaded.baseDir());
        Footprint estimate = RunFootprint.of(experiment);
        long[] atEpoch = new long[1];
        TrainingListener listener = (metrics, epochs) -> atEpoch[0] = usedAfterGc();
        try (TrainingRun run = TrainingRun.open(experiment, loaded.baseDir(), dir.resolve("models/w2"),
                RunDevice.standard())) {
            run.train(null, listener, () -> false, new PrintWriter(System.err, true));
        }
        long used = atEpoch[0] - before;
        System.out.printf(Locale.ROOT, "rows %d: estimate %d B (%s; data %s), heap used at the end of epoch 1 "
                        + "%d B (%s) above the %s before reading the data; estimate/used = %.3f%n", rows,
                estimate.totalBytes(), Footprint.human(estimate.totalBytes()), Footprint.human(estimate.dataBytes()),
                used, Footprint.human(used), Footprint.human(before), (double) estimate.totalBytes() / used);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void writeCsv(Path file, int rows) throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        try (Writer w = Files.newBufferedWriter(file)) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < 784; c++) {
                line.append('p').append(c).append(',');
            }
            w.write(line.append("label\n").toString());
            for (int r = 0; r < rows; r++) {
                line.setLength(0);
                for (int c = 0; c < 784; c++) {
                    line.append(random.nextInt(256)).append(',');
                }
                w.write(line.append(random.nextInt(10)).append('\n').toString());
            }
        }
    }
}
