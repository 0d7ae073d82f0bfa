package nn.run;

import java.util.List;
import java.util.Locale;
import nn.network.Footprint;
import nn.spec.ExperimentSpec;
import nn.spec.SpecException;

/**
 * Refuses a run whose estimated memory (from {@link RunFootprint}, the one estimate) exceeds what
 * the JVM may use, before a single weight is drawn: a clear error naming the biggest term and what
 * to change, instead of an OutOfMemoryError minutes into a run (or at once, with no hint why).
 *
 * @param heapBytes the most the JVM may use, {@link Runtime#maxMemory()} for a real run
 */
public record MemoryGuard(long heapBytes) {
    /**
     * Share of the heap a run's arrays may take: the rest is for the JVM, the libraries, the
     * table of strings the data was read from, and the garbage collector's breathing room.
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
        throw new SpecException(biggest.key(), String.format(Locale.ROOT,
                "the run needs about %s, most of it %s (%s), but this JVM may use %s (75%% of its %s heap); "
                        + "expected %s, or a larger heap (java -Xmx...)",
                Footprint.human(total), biggest.what(), Footprint.human(biggest.bytes()), Footprint.human(usable),
                Footprint.human(heapBytes), biggest.remedy()));
    }

    private record Term(String key, String what, long bytes, String remedy) {
    }
}
