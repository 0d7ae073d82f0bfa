package nn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import nn.config.ConfigLoader;
import nn.model.Model;
import nn.model.Prediction;
import nn.run.TrainedRun;
import nn.spec.ExperimentSpec;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** read: executors: the tasks parse their own CSV splits; the normaliser comes from a distributed pass. */
class ExecutorDataTest {
    private static ExperimentSpec spec(String read, String normalize) {
        return spec(read, normalize, SparkTestSupport.data("iris-train.csv"));
    }

    private static ExperimentSpec spec(String read, String normalize, String path) {
        String yaml = "name: iris-executors\nseed: 3\n"
                + "network: { input: 4, layers: [ { units: 12, activation: tanh }, { units: 3, activation: softmax } ] }\n"
                + "loss: categorical_crossentropy\noptimizer: { type: adam, learning_rate: 0.02 }\n"
                + "training: { epochs: 30, batch_size: 8 }\n"
                + "data: { train: { csv: " + path + ", label: species }, normalize: "
                + normalize + " }\n"
                + "distributed: { backend: spark, partitions: 3, read: " + read + " }\n";
        try (ConfigLoader loader = new ConfigLoader()) {
            return loader.parse("test.yaml", yaml, Path.of("."), List.of()).spec();
        }
    }

    @Test
    void theDistributedPassFitsTheNormaliserAndClassesTheDriverWould() {
        for (String normalize : new String[] {"standard", "minmax"}) {
            TrainingPlan driver = TrainingPlan.prepare(spec("driver", normalize), Path.of("."), -1, SparkTestSupport.context());
            TrainingPlan executors = TrainingPlan.prepare(spec("executors", normalize), Path.of("."), -1,
                    SparkTestSupport.context());
            assertEquals(driver.trainRows(), executors.trainRows());
            assertEquals(driver.experiment().train().classNames(), executors.experiment().train().classNames());
            assertEquals(driver.experiment().train().featureNames(), executors.experiment().train().featureNames());
            float[] a = driver.experiment().normalizer().offset();
            float[] b = executors.experiment().normalizer().offset();
            float[] sa = driver.experiment().normalizer().scale();
            float[] sb = executors.experiment().normalizer().scale();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5 * Math.max(1, Math.abs(a[i])), normalize + " offset " + i);
                assertEquals(sa[i], sb[i], 1e-5 * Math.max(1, Math.abs(sa[i])), normalize + " scale " + i);
            }
        }
    }

    @Test
    void executorsTrainOnTheirOwnSplitsToAModelThatPredicts(@TempDir Path dir) {
        ExperimentSpec spec = spec("executors", "standard");
        Path modelDir = dir.resolve("m");
        TrainedRun run = SparkJob.run(SparkTestSupport.context(), TrainingPlan.prepare(spec, Path.of("."), -1,
                SparkTestSupport.context()), modelDir, false, 0, SparkTestSupport.quiet());
        assertTrue(run.result().train().metric() > 0.9, "train accuracy " + run.result().train().metric());
        float[] again = SparkTestSupport.weights(SparkJob.run(SparkTestSupport.context(), TrainingPlan.prepare(spec,
                Path.of("."), -1, SparkTestSupport.context()), dir.resolve("again"), false, 0, SparkTestSupport.quiet())
                .result().network());
        assertArrayEquals(SparkTestSupport.weights(run.result().network()), again, "the same run twice, bitwise");
        try (Model model = Model.load(modelDir)) {
            // A typical setosa (iris-train's first class by name): short, wide sepals, tiny petals.
            Prediction p = model.predict(new float[] {5.0f, 3.4f, 1.5f, 0.2f});
            assertEquals("setosa", p.label());
        }
    }

    @Test
    void parquetIsReadByTheExecutorsLikeTheCsv(@TempDir Path dir) {
        String parquet = dir.resolve("iris.parquet").toString();
        SparkSession spark = SparkSession.builder().config(SparkTestSupport.context().getConf()).getOrCreate();
        spark.read().option("header", "true").option("inferSchema", "true").csv(SparkTestSupport.data("iris-train.csv"))
                .repartition(2).write().parquet(parquet);
        TrainingPlan csv = TrainingPlan.prepare(spec("driver", "standard"), Path.of("."), -1, SparkTestSupport.context());
        TrainingPlan fromParquet = TrainingPlan.prepare(spec("executors", "standard", parquet), Path.of("."), -1,
                SparkTestSupport.context());
        assertEquals(csv.trainRows(), fromParquet.trainRows());
        assertEquals(csv.experiment().train().classNames(), fromParquet.experiment().train().classNames());
        assertArrayEquals(csv.experiment().normalizer().offset(), fromParquet.experiment().normalizer().offset(), 1e-5f);
        TrainedRun run = SparkJob.run(SparkTestSupport.context(), fromParquet, dir.resolve("m"), false, 0,
                SparkTestSupport.quiet());
        assertTrue(run.result().train().metric() > 0.9, "train accuracy " + run.result().train().metric());
    }
}
