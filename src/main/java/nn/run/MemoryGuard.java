package nn.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import nn.compute.DeviceMemory;
import java.util.Map;
import nn.network.Footprint;
import nn.spec.DataSourceSpec;
import nn.spec.ExperimentSpec;
import nn.spec.SpecException;

/**
 * Refuses a run whose estimated memory (from {@link RunFootprint}, the one estimate) exceeds what
 * the JVM may use, or what the OpenCL device can hold, before a single weight is drawn (or
 * allocated there): a clear error naming the biggest term and what to change, instead of an
 * OutOfMemoryError or a driver failure minutes into a run (or at once, with no hint why).
 *
 * @param heapBytes the most the JVM may use, {@link Runtime#maxMemory()} for a real run
 */
public record MemoryGuard(long heapBytes) {
    /**
     * Share of the heap a run's arrays may take: the rest is for the JVM, the libraries, the
     * table of strings the data was read from, and the garbage collector's breathing room. The
     * same share of a device's global memory, the rest being the driver's.
     */
    static final double USABLE_SHARE = 0.75;

    /** The guard for this JVM's maximum heap. */
    public static MemoryGuard ofThisJvm() {
        return new MemoryGuard(Runtime.getRuntime().maxMemory());
    }

    /**
     * Throws a {@link SpecException} naming the largest term when training {@code spec} on data
     * of {@code sizes} would not fit.
     */
    public void check(ExperimentSpec spec, RunFootprint.DataSizes sizes) {
        Footprint footprint = RunFootprint.of(spec, sizes);
        long usable = (long) (heapBytes * USABLE_SHARE);
        long total = footprint.totalBytes();
        if (total <= usable) {
            return;
        }
        Term biggest = biggest(spec, sizes, footprint);
        throw new SpecException(biggest.key(), String.format(Locale.ROOT,
                "the run needs about %s, most of it %s (%s), but this JVM may use %s (75%% of its %s heap); "
                        + "expected %s, or a larger heap (java -Xmx...)",
                Footprint.human(total), biggest.what(), Footprint.human(biggest.bytes()), Footprint.human(usable),
                Footprint.human(heapBytes), biggest.remedy()));
    }

    /**
     * Throws a {@link SpecException} naming the largest term when the tensors of training
     * {@code spec} on data of {@code sizes} would not fit the device: an OpenCL run keeps them
     * all, data sets included, in one buffer, which must fit the device's largest allocation and
     * {@link #USABLE_SHARE} of its global memory. Does nothing when {@code memory} is null (a
     * backend on the Java heap, which {@link #check} covers).
     */
    public static void checkDevice(ExperimentSpec spec, RunFootprint.DataSizes sizes, DeviceMemory memory) {
        if (memory == null) {
            return;
        }
        Footprint footprint = RunFootprint.of(spec, sizes);
        long total = footprint.totalBytes();
        long global = (long) (memory.globalBytes() * USABLE_SHARE);
        long usable = Math.min(memory.maxAllocationBytes(), global);
        if (total <= usable) {
            return;
        }
        Term biggest = biggest(spec, sizes, footprint);
        String limit = usable == memory.maxAllocationBytes()
                ? "its largest single buffer is " + Footprint.human(usable) + " and all tensors share one"
                : "it may hold " + Footprint.human(usable) + " (75% of its " + Footprint.human(memory.globalBytes())
                        + " global memory)";
        throw new SpecException(biggest.key(), String.format(Locale.ROOT,
                "the run needs about %s on the OpenCL device '%s', most of it %s (%s), but %s; expected %s, "
                        + "or device: java",
                Footprint.human(total), memory.device(), biggest.what(), Footprint.human(biggest.bytes()), limit,
                biggest.remedy()));
    }

    /** The largest of the footprint's four terms, with the key that changes it. */
    private static Term biggest(ExperimentSpec spec, RunFootprint.DataSizes sizes, Footprint footprint) {
        List<Term> terms = List.of(
                new Term("network.layers", "parameters and their gradients", footprint.parameterBytes(),
                        "fewer or smaller layers"),
                new Term("optimizer.type", "optimizer state", footprint.optimizerBytes(),
                        "an optimizer with less state (sgd), or smaller layers"),
                new Term("training.batch_size", "activations for a batch of " + spec.training().batchSize(),
                        footprint.bufferBytes(), "a smaller batch_size"),
                new Term("data.train", "the data set (" + sizes.trainRows() + " rows)", footprint.dataBytes(),
                        "fewer rows"));
        Term biggest = terms.get(0);
        for (Term term : terms) {
            if (term.bytes() > biggest.bytes()) {
                biggest = term;
            }
        }
        return biggest;
    }

    /**
     * Refuses, before any of it is read, data files whose reading alone would not fit: estimated
     * from their sizes and first lines ({@link DataFileEstimate}), for each CSV and IDX file the
     * spec names (relative to {@code baseDir}). Files that do not exist are left to the reader to report.
     */
    public void checkFiles(ExperimentSpec spec, Path baseDir) {
        long usable = (long) (heapBytes * USABLE_SHARE);
        long total = 0;
        String biggestKey = null;
        DataFileEstimate biggest = null;
        Path biggestFile = null;
        for (Map.Entry<String, DataSourceSpec> source : sources(spec).entrySet()) {
            DataSourceSpec s = source.getValue();
            Map<String, String> files = new LinkedHashMap<>();
            if (s.csv() != null) {
                files.put(source.getKey() + ".csv", s.csv());
            }
            if (s.idx() != null) {
                files.put(source.getKey() + ".idx.images", s.idx().images());
            }
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path file = baseDir.resolve(f.getValue());
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                DataFileEstimate estimate = estimate(file, f.getKey().endsWith(".csv"));
                total += estimate.bytes();
                if (biggest == null || estimate.bytes() > biggest.bytes()) {
                    biggest = estimate;
                    biggestKey = f.getKey();
                    biggestFile = file;
                }
            }
        }
        if (total <= usable) {
            return;
        }
        String shape = biggest.rows() > 0 ? String.format(Locale.ROOT, " (about %,d rows of %d columns)",
                biggest.rows(), biggest.columns()) : "";
        throw new SpecException(biggestKey, String.format(Locale.ROOT, "%s is %s%s; reading the data takes about %s, "
                        + "but this JVM may use %s (75%% of its %s heap, -Xmx); expected a smaller file, or a larger "
                        + "heap (java -Xmx%dm ...)", biggestFile.getFileName(), Footprint.human(biggest.size()), shape,
                Footprint.human(total), Footprint.human(usable), Footprint.human(heapBytes),
                (long) Math.ceil(total / USABLE_SHARE / (1 << 20)) + 256));
    }

    private static DataFileEstimate estimate(Path file, boolean csv) {
        try {
            return csv ? DataFileEstimate.csv(file) : DataFileEstimate.idx(file);
        } catch (IOException e) {
            return new DataFileEstimate(0, 0, 0, 0); // unreadable: the reader reports it, with its name
        }
    }

    private static Map<String, DataSourceSpec> sources(ExperimentSpec spec) {
        Map<String, DataSourceSpec> sources = new LinkedHashMap<>();
        sources.put("data.train", spec.data().train());
        if (spec.data().validation() != null) {
            sources.put("data.validation", spec.data().validation());
        }
        if (spec.data().test() != null) {
            sources.put("data.test", spec.data().test());
        }
        sources.values().removeIf(java.util.Objects::isNull);
        return sources;
    }

    private record Term(String key, String what, long bytes, String remedy) {
    }
}
