package example;

import static nn.dsl.Optimizers.sgd;
import static nn.spec.ActivationType.RELU;
import static nn.spec.ActivationType.SIGMOID;
import static nn.spec.LossType.BINARY_CROSSENTROPY;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nn.data.Normalizer;
import nn.data.Scaling;
import nn.dsl.DataSources;
import nn.dsl.Networks;
import nn.dsl.Training;
import nn.io.ModelFile;
import nn.io.SavedModel;
import nn.model.Model;
import nn.train.TrainingResult;

/** Trains XOR with nn as a library, saves the model, loads it back and predicts the four rows. */
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
        TrainingResult result = Training.of(Networks.builder().input(2).dense(8, RELU).dense(1, SIGMOID))
                .loss(BINARY_CROSSENTROPY).optimizer(sgd(0.5)).epochs(2000).batchSize(4).seed(42)
                .fit(DataSources.inline(new double[] {0, 0, 0}, new double[] {0, 1, 1},
                        new double[] {1, 0, 1}, new double[] {1, 1, 0}));
        System.out.printf("trained: loss %.4f, accuracy %.2f%n", result.train().loss(), result.train().metric());

        Path file = Path.of(args.length > 0 ? args[0] : "xor.nnm");
        SavedModel saved = new SavedModel("xor", result.network(), List.of("a", "b"), List.of("0", "1"),
                new Normalizer(Scaling.NONE, new float[] {0, 0}, new float[] {1, 1}),
                JsonNodeFactory.instance.objectNode().put("name", "xor"),
                new SavedModel.Provenance(42, "java", "library-user", Instant.now().toString(), List.of(), 2000, Map.of()));
        ModelFile.save(saved, file);

        try (Model model = Model.load(file)) {
            for (float[] row : new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}) {
                System.out.printf("%s xor %s -> %s%n", (int) row[0], (int) row[1], model.predict(row).label());
            }
        }
        System.out.println("saved " + file);
    }
}
