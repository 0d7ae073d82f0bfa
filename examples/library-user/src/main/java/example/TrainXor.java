package example;

import static nn.dsl.Optimizers.sgd;
import static nn.spec.ActivationType.RELU;
import static nn.spec.ActivationType.SIGMOID;
import static nn.spec.LossType.BINARY_CROSSENTROPY;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nn.dsl.DataSources;
import nn.dsl.Networks;
import nn.dsl.Training;
import nn.dsl.TrainingResult;
import nn.model.Model;

/** Trains XOR with nn as a library, saves the model directory, loads it back and predicts the four rows. */
public final class TrainXor {
    private TrainXor() {
    }

    public static void main(String[] args) throws Exception {
        // The CLI's dependencies must not reach a library user's class path.
        for (String cliOnly : List.of("picocli.CommandLine", "org.slf4j.simple.SimpleLogger",
                "org.knowm.xchart.XYChart", "me.tongfei.progressbar.ProgressBar", "org.junit.Test")) {
            try {
                Class.forName(cliOnly);
                throw new IllegalStateException(cliOnly + " is on a library user's class path");
            } catch (ClassNotFoundException expected) {
                // as it should be
            }
        }
        Path dir = Path.of(args.length > 0 ? args[0] : "models/xor");
        TrainingResult result = Training.of(Networks.builder().input(2).dense(8, RELU).dense(1, SIGMOID))
                .name("xor").loss(BINARY_CROSSENTROPY).optimizer(sgd(0.5)).epochs(2000).batchSize(4).seed(42)
                .outputDir(dir.toAbsolutePath().getParent())
                .fit(DataSources.inline(new double[] {0, 0, 0}, new double[] {0, 1, 1},
                        new double[] {1, 0, 1}, new double[] {1, 1, 0}));
        System.out.printf("trained: loss %.4f, accuracy %.2f%n", result.train().loss(), result.train().metric());

        // The same model directory nn train writes: model.nnm, config.yaml, metrics.csv, report.json.
        result.save(dir);
        if (!Files.isRegularFile(dir.resolve("model.nnm")) || !Files.isRegularFile(dir.resolve("report.json"))) {
            throw new IllegalStateException("save wrote no model directory in " + dir);
        }
        try (Model model = Model.load(dir)) {
            for (float[] row : new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}) {
                String label = model.predict(row).label();
                System.out.printf("%s xor %s -> %s%n", (int) row[0], (int) row[1], label);
                if (!label.equals(String.valueOf((int) row[0] ^ (int) row[1]))) {
                    throw new IllegalStateException("XOR not learned: " + row[0] + " xor " + row[1] + " gave " + label);
                }
            }
        }
        System.out.println("saved " + dir);
    }
}
