package nn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import nn.config.ConfigLoader;
import nn.run.TrainedRun;
import nn.spec.ExperimentSpec;
import nn.spec.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX images read by the executors from byte ranges of their fixed-size records. */
class IdxExecutorTest {
    private static final int SIDE = 4;

    /** {@code n} images of 4 × 4 pixels: class c lights row c, with noise. */
    private static void write(Path images, Path labels, int n, long seed, boolean gzip) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        ByteArrayOutputStream lab = new ByteArrayOutputStream();
        DataOutputStream i = new DataOutputStream(img);
        DataOutputStream l = new DataOutputStream(lab);
        i.writeInt(0x0803);
        i.writeInt(n);
        i.writeInt(SIDE);
        i.writeInt(SIDE);
        l.writeInt(0x0801);
        l.writeInt(n);
        for (int r = 0; r < n; r++) {
            int c = random.nextInt(3);
            l.writeByte(c);
            for (int p = 0; p < SIDE * SIDE; p++) {
                i.writeByte(p / SIDE == c ? 150 + random.nextInt(100) : random.nextInt(90));
            }
        }
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(images)) : Files.newOutputStream(images)) {
            out.write(img.toByteArray());
        }
        Files.write(labels, lab.toByteArray());
    }

    private static ExperimentSpec spec(Path dir, String read, String validation) {
        String yaml = "name: idx-executors\nseed: 5\n"
                + "network: { input: auto, layers: [ { units: 8, activation: tanh }, { units: auto, activation: softmax } ] }\n"
                + "loss: categorical_crossentropy\noptimizer: { type: adam, learning_rate: 0.02 }\n"
                + "training: { epochs: 3, batch_size: 10, shuffle: true }\n"
                + "data:\n  train: { idx: { images: " + dir.resolve("train-images") + ", labels: " + dir.resolve("train-labels")
                + " } }\n" + validation + "  normalize: standard\n"
                + "distributed: { backend: spark, partitions: 3, every: 1, read: " + read + " }\n";
        try (ConfigLoader loader = new ConfigLoader()) {
            return loader.parse("test.yaml", yaml, Path.of("."), List.of()).spec();
        }
    }

    @Test
    void executorsReadingTheirByteRangesTrainAsTheDriverReadingTheFiles(@TempDir Path dir) throws IOException {
        write(dir.resolve("train-images"), dir.resolve("train-labels"), 151, 1, false);
        write(dir.resolve("val-images"), dir.resolve("val-labels"), 40, 2, false);
        String validation = "  validation: { idx: { images: " + dir.resolve("val-images") + ", labels: "
                + dir.resolve("val-labels") + " } }\n";
        TrainingPlan driver = TrainingPlan.prepare(spec(dir, "driver", validation), Path.of("."), -1, SparkTestSupport.context());
        TrainingPlan executors = TrainingPlan.prepare(spec(dir, "executors", validation), Path.of("."), -1,
                SparkTestSupport.context());
        assertEquals(driver.trainRows(), executors.trainRows());
        assertEquals(driver.batchesPerEpoch(), executors.batchesPerEpoch());
        assertEquals(driver.experiment().train().classNames(), executors.experiment().train().classNames());
        assertArrayEquals(driver.experiment().normalizer().offset(), executors.experiment().normalizer().offset(), 1e-4f);
        assertArrayEquals(driver.experiment().normalizer().scale(), executors.experiment().normalizer().scale(), 1e-6f);
        TrainedRun a = SparkJob.run(SparkTestSupport.context(), driver, dir.resolve("a"), false, 0, SparkTestSupport.quiet());
        TrainedRun b = SparkJob.run(SparkTestSupport.context(), executors, dir.resolve("b"), false, 0, SparkTestSupport.quiet());
        float[] wa = SparkTestSupport.weights(a.result().network());
        float[] wb = SparkTestSupport.weights(b.result().network());
        double maxW = 0;
        double maxDiff = 0;
        for (int i = 0; i < wa.length; i++) {
            maxW = Math.max(maxW, Math.abs(wa[i]));
            maxDiff = Math.max(maxDiff, Math.abs(wa[i] - wb[i]));
        }
        // The same rows per partition in the same order; only the normaliser's last float bits may differ.
        assertTrue(maxDiff <= 1e-4 * maxW, "max|Δw| " + maxDiff + " vs max|w| " + maxW);
        assertEquals(a.result().validation().loss(), b.result().validation().loss(), 1e-4);
        assertTrue(b.result().history().stream().allMatch(m -> m.hasValidation()));
        assertTrue(b.result().train().metric() > 0.8, "train accuracy " + b.result().train().metric());
    }

    @Test
    void aGzippedFileIsRefusedWithTheReason(@TempDir Path dir) throws IOException {
        write(dir.resolve("train-images"), dir.resolve("train-labels"), 30, 1, true);
        SpecException e = assertThrows(SpecException.class, () -> TrainingPlan.prepare(spec(dir, "executors", ""),
                Path.of("."), -1, SparkTestSupport.context()));
        assertEquals("data.train.idx.images", e.keyPath());
        assertTrue(e.getMessage().contains("is gzipped; executors read byte ranges"), e.getMessage());
    }
}
