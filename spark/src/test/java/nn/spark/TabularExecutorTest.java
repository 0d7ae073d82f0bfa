package nn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nn.compute.Backend;
import nn.compute.Devices;
import nn.config.ConfigLoader;
import nn.data.ColumnEncoder;
import nn.data.Preprocessing;
import nn.model.Model;
import nn.run.Experiment;
import nn.run.Experiments;
import nn.run.TrainedRun;
import nn.spec.ExperimentSpec;
import nn.train.EpochMetrics;
import nn.train.Evaluation;
import nn.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * read: executors on a tabular file (Palmer penguins: text columns, NA cells): the distributed
 * passes fit the preprocessing nn train fits, validation and test files are scored by the
 * executors, and the saved model predicts from a row of raw values.
 */
class TabularExecutorTest {
    private static ExperimentSpec spec(String read, String extra) {
        String yaml = "name: penguins-executors\nseed: 42\n"
                + "network: { input: auto, layers: [ { units: 16, activation: relu }, { units: auto, activation: softmax } ] }\n"
                + "loss: categorical_crossentropy\noptimizer: { type: adam, learning_rate: 0.01 }\n"
                + "training: { epochs: 12, batch_size: 16 }\n"
                + "data:\n  train: { csv: " + SparkTestSupport.data("penguins-train.csv") + ", label: species }\n"
                + "  validation: { csv: " + SparkTestSupport.data("penguins-test.csv") + ", label: species }\n"
                + "  test: { csv: " + SparkTestSupport.data("penguins-test.csv") + ", label: species }\n"
                + "  normalize: standard\n" + extra
                + "distributed: { backend: spark, partitions: 3, read: " + read + " }\n";
        try (ConfigLoader loader = new ConfigLoader()) {
            return loader.parse("test.yaml", yaml, Path.of("."), List.of()).spec();
        }
    }

    @Test
    void theDistributedFitIsTheSingleMachineFit() {
        // The last case embeds island (three values): embedding_above decides the encoding on both sides.
        for (String extra : new String[] {"", "  missing: mean\n  max_categories: 2\n  min_frequency: 40\n",
                "  embedding_above: 2\n"}) {
            Experiment single = Experiments.prepare(spec("driver", extra), Path.of("."));
            TrainingPlan distributed = TrainingPlan.prepare(spec("executors", extra), Path.of("."), -1,
                    SparkTestSupport.context());
            Preprocessing a = single.preprocessing();
            Preprocessing b = distributed.experiment().preprocessing();
            assertEquals(a.inputNames(), b.inputNames(), "vocabularies, (missing) and (other) inputs, indicators");
            assertTrue(a.inputNames().stream().anyMatch(n -> n.endsWith("_na")), "the file has missing numbers");
            assertEquals(extra.contains("embedding_above"), a.columns().stream().anyMatch(e -> e.embedDim() > 0), extra);
            for (int c = 0; c < a.columns().size(); c++) {
                ColumnEncoder x = a.columns().get(c);
                ColumnEncoder y = b.columns().get(c);
                // Below 1 / (2 × 0.001) values the median summary is exact; the mean differs by double rounding at most.
                assertEquals(x.fill(), y.fill(), 1e-12 * Math.max(1, Math.abs(x.fill())), x.name() + " fill");
                assertEquals(x, new ColumnEncoder(y.name(), y.kind(), y.missingCount(), y.imputation(), x.fill(),
                        y.indicator(), y.categories(), y.missingCategory(), y.embedDim()), x.name());
            }
            assertEquals(a.target(), b.target());
            assertEquals(single.train().classNames(), distributed.experiment().train().classNames());
            assertEquals(single.train().rows(), distributed.trainRows());
            float[] o1 = single.normalizer().offset();
            float[] o2 = distributed.experiment().normalizer().offset();
            float[] s1 = single.normalizer().scale();
            float[] s2 = distributed.experiment().normalizer().scale();
            for (int i = 0; i < o1.length; i++) {
                assertEquals(o1[i], o2[i], 1e-5 * Math.max(1, Math.abs(o1[i])), "offset " + i);
                assertEquals(s1[i], s2[i], 1e-5 * Math.max(1, Math.abs(s1[i])), "scale " + i);
            }
        }
    }

    @Test
    void executorsTrainWithValidationAndTestAndTheModelPredictsRawRows(@TempDir Path dir) throws Exception {
        ExperimentSpec spec = spec("executors", "");
        TrainingPlan plan = TrainingPlan.prepare(spec, Path.of("."), -1, SparkTestSupport.context());
        TrainedRun run = SparkJob.run(SparkTestSupport.context(), plan, dir.resolve("m"), false, 0, SparkTestSupport.quiet());
        List<EpochMetrics> history = run.result().history();
        assertEquals(12, history.size());
        assertTrue(history.stream().allMatch(EpochMetrics::hasValidation), "validation loss every epoch");
        Evaluation test = run.result().test();
        assertNotNull(test);
        assertEquals(86, test.rows());
        assertTrue(test.metric() > 0.9, "test accuracy " + test.metric());
        // The executors' score of the final weights is the driver's score of the same weights on the same rows.
        Experiment single = Experiments.prepare(spec("driver", ""), Path.of("."));
        try (Backend backend = Devices.host(1)) {
            Evaluation driver = Trainer.evaluate(run.result().network(), single.test(), single.options().loss(), backend);
            assertEquals(driver.loss(), test.loss(), 1e-4);
            assertEquals(driver.metric(), test.metric(), 1e-9);
            assertEquals(driver.loss(), history.get(history.size() - 1).valLoss(), 1e-4);
        }
        try (Model model = Model.load(dir.resolve("m"))) {
            Map<String, Object> row = new HashMap<>();
            row.put("island", "Biscoe");
            row.put("bill_length_mm", 47.5);
            row.put("bill_depth_mm", 14.8);
            row.put("flipper_length_mm", 217);
            row.put("body_mass_g", null); // missing: imputed with the distributed median and flagged
            row.put("sex", "female");
            row.put("year", 2008);
            assertEquals("Gentoo", model.predict(row).label());
        }
    }
}
