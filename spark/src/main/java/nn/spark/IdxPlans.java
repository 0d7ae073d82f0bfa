package nn.spark;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import nn.compute.Loss;
import nn.config.ConfigWriter;
import nn.data.DataException;
import nn.data.Normalizer;
import nn.data.Preprocessing;
import nn.network.Network;
import nn.run.AutoWidths;
import nn.run.Experiment;
import nn.run.SpecNetworks;
import nn.run.SpecTypes;
import nn.run.TrainingSetup;
import nn.spec.DataSourceSpec;
import nn.spec.DataSpec;
import nn.spec.DistributedSpec;
import nn.spec.ExperimentSpec;
import nn.spec.IdxSpec;
import nn.spec.SpecException;
import nn.train.TrainingOptions;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;

/**
 * {@code read: executors} for IDX data: the driver reads the files' headers only; a distributed
 * pass counts the labels (the classes and their counts), another fits the normaliser over the
 * pixels; then each task reads its own byte ranges ({@link IdxSource}).
 */
final class IdxPlans {
    private IdxPlans() {
    }

    static TrainingPlan prepare(ExperimentSpec spec, Path baseDir, int failRound, JavaSparkContext sc) {
        DistributedSpec d = spec.distributed();
        IdxSpec idx = spec.data().train().idx();
        String images = ExecutorPlans.resolve(idx.images(), baseDir);
        String labels = ExecutorPlans.resolve(idx.labels(), baseDir);
        int[] shape = shape(images, labels, "data.train.idx");
        int rows = shape[0];
        int pixels = shape[1];
        if (d.partitions() > rows) {
            throw new SpecException("distributed.partitions", images + " holds " + rows + " images; expected at most that "
                    + "many partitions, got " + d.partitions());
        }
        Loss loss = SpecTypes.loss(spec.loss());
        boolean classification = loss.needsProbabilities();
        IdxSource counting = new IdxSource(images, labels, rows, pixels, new ArrayList<>(), new long[0], false,
                new float[pixels], ones(pixels));
        long[] perLabel = labelCounts(sc, counting, d.partitions());
        ArrayList<String> classes = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (int v = 0; v < perLabel.length && classification; v++) {
            if (perLabel[v] > 0) {
                classes.add(Integer.toString(v));
                counts.add(perLabel[v]);
            }
        }
        Preprocessing preprocessing = counting.preprocessing();
        spec = AutoWidths.resolve(spec, preprocessing.inputNames(), classes, loss);
        boolean oneHot = ExecutorPlans.checkWidths(spec, preprocessing, classes, classification);
        long[] classCounts = counts.stream().mapToLong(Long::longValue).toArray();
        IdxSource identity = new IdxSource(images, labels, rows, pixels, classes, classCounts, oneHot, new float[pixels],
                ones(pixels));
        ColumnStats all = ExecutorPlans.encodedStats(identity.records(sc, d.partitions()), identity);
        Normalizer normalizer = ExecutorPlans.normalizer(SpecTypes.scaling(spec.data().normalize()), all);
        IdxSource train = identity.withNormalizer(normalizer.offset(), normalizer.scale());
        IdxSource validation = other(spec.data().validation(), "data.validation", baseDir, train);
        IdxSource test = other(spec.data().test(), "data.test", baseDir, train);
        TrainingOptions options = TrainingSetup.options(spec, loss, classes, classCounts, validation != null);
        Network network = SpecNetworks.build(spec.network(), spec.seed());
        ExperimentSpec resolved = spec.withData(new DataSpec(source(spec.data().train(), train),
                test == null ? null : source(spec.data().test(), test),
                validation == null ? null : source(spec.data().validation(), validation), spec.data().normalize()));
        nn.data.Dataset names = new nn.data.Dataset(preprocessing.inputNames(), classes, 0, pixels, train.targets(),
                new float[0], new float[0]);
        Experiment experiment = new Experiment(resolved, network, names, null, null, normalizer, options, preprocessing);
        int partitions = Math.min(d.partitions(), rows);
        WorkerSetup setup = new WorkerSetup(UUID.randomUUID().toString(), new ConfigWriter().write(resolved), partitions,
                d.sync() == DistributedSpec.Sync.PARAMETERS, failRound, train);
        int batches = PartitionRows.batchesPerEpoch(partitions, rows, options.batchSize());
        return new TrainingPlan(experiment, resolved, d, setup, rows, batches,
                new TrainingPlan.EvaluationTables(train, validation, test));
    }

    private static DataSourceSpec source(DataSourceSpec given, IdxSource files) {
        return new DataSourceSpec(null, null, given.label(), new IdxSpec(files.images(), files.labels()), null);
    }

    private static IdxSource other(DataSourceSpec source, String key, Path baseDir, IdxSource train) {
        if (source == null) {
            return null;
        }
        if (source.idx() == null) {
            throw new SpecException(key, "read: executors with IDX training data reads IDX test and validation data; "
                    + "expected " + key + ".idx");
        }
        String images = ExecutorPlans.resolve(source.idx().images(), baseDir);
        String labels = ExecutorPlans.resolve(source.idx().labels(), baseDir);
        int[] shape = shape(images, labels, key + ".idx");
        if (shape[1] != train.pixels()) {
            throw new DataException(images + ": images of " + shape[1] + " pixels; expected " + train.pixels()
                    + " like the training images");
        }
        return train.forFiles(images, labels, shape[0]);
    }

    /** {images, pixels per image} from the two headers, checked: uncompressed, unsigned bytes, the same count. */
    static int[] shape(String images, String labels, String key) {
        int[] img = header(images, 3, key + ".images");
        int[] lab = header(labels, 1, key + ".labels");
        if (img[0] != lab[0]) {
            throw new DataException(images + ": " + img[0] + " images but " + labels + " has " + lab[0]
                    + " labels; expected the same count");
        }
        return new int[] {img[0], img[1] * img[2]};
    }

    private static int[] header(String file, int dims, String key) {
        try (DataInputStream in = IdxSource.open(file, 0)) {
            int magic = in.readInt();
            if ((magic >>> 16) == 0x1f8b) {
                throw new SpecException(key, file + " is gzipped; executors read byte ranges of the fixed-size records, "
                        + "so expected an uncompressed IDX file (gunzip it)");
            }
            if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != 0x08 || (magic & 0xff) != dims) {
                throw new DataException(file + ": not an IDX file of unsigned bytes with " + dims
                        + " dimension(s) (magic number 0x" + Integer.toHexString(magic) + ")");
            }
            int[] shape = new int[dims];
            for (int i = 0; i < dims; i++) {
                shape[i] = in.readInt();
                if (shape[i] <= 0) {
                    throw new DataException(file + ": dimension " + i + " is " + shape[i] + "; expected a positive size");
                }
            }
            return shape;
        } catch (java.io.UncheckedIOException | IOException e) {
            Throwable cause = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
            throw new SpecException(key, "cannot read " + file + ": " + cause.getMessage());
        }
    }

    /** Images per label value 0–255, counted by the executors over their own label bytes. */
    private static long[] labelCounts(JavaSparkContext sc, IdxSource source, int partitions) {
        List<long[]> parts = counts(source.records(sc, partitions), source);
        long[] all = new long[256];
        for (long[] p : parts) {
            for (int v = 0; v < 256; v++) {
                all[v] += p[v];
            }
        }
        return all;
    }

    private static <T> List<long[]> counts(org.apache.spark.api.java.JavaRDD<T> records, IdxSource source) {
        return records.mapPartitionsWithIndex(new LabelCount<T>(source), false).collect();
    }

    /** A task of the label pass: its partition's label bytes, counted per value. */
    private record LabelCount<T>(IdxSource source) implements Function2<Integer, Iterator<T>, Iterator<long[]>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<long[]> call(Integer partition, Iterator<T> records) throws IOException {
            int partitions = (Integer) records.next();
            int start = PartitionRows.start(partition, partitions, source.rows());
            int count = PartitionRows.count(partition, partitions, source.rows());
            long[] counts = new long[256];
            try (DataInputStream in = IdxSource.open(source.labels(), IdxSource.LABEL_HEADER + (long) start)) {
                for (int i = 0; i < count; i++) {
                    counts[in.readUnsignedByte()]++;
                }
            }
            return Collections.singletonList(counts).iterator();
        }
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        Arrays.fill(v, 1f);
        return v;
    }
}
