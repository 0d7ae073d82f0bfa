package nn.dsl;

import java.util.List;
import java.util.Locale;
import nn.network.Footprint;
import nn.network.LayerShape;
import nn.spec.ExperimentSpec;
import nn.spec.SpecException;

/**
 * Refuses a run whose estimated memory (from {@link Footprint}, the one estimator) exceeds what
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
     * Throws a {@link SpecException} naming the largest term when training {@code spec} on
     * {@code rows} rows with {@code targets} target columns would not fit.
     */
    public void check(ExperimentSpec spec, long rows, int targets) {
        // batch_norm keeps its width; the footprint counts the dense chain (seams-run owns a fuller estimate).
        List<LayerShape> shapes = spec.network().layers().stream().filter(l -> l.type() == nn.spec.LayerType.DENSE)
                .map(l -> new LayerShape(l.units(), NetworkBuilder.activation(l.activation()), l.bias()))
                .toList();
        int stateSlots = stateSlots(spec);
        Footprint footprint = Footprint.of(spec.network().input(), shapes, spec.training().batchSize(), stateSlots, rows,
                targets);
        long usable = (long) (heapBytes * USABLE_SHARE);
        long total = footprint.trainingBytes() + footprint.dataBytes();
        if (total <= usable) {
            return;
        }
        long parameters = footprint.parameters() * 2 * Float.BYTES;          // values and gradients
        long state = footprint.parameters() * stateSlots * Float.BYTES;      // optimizer state
        long activations = footprint.trainingBytes() - parameters - state;   // per-batch buffers
        List<Term> terms = List.of(
                new Term("network.layers", "parameters and their gradients", parameters,
                        "fewer or smaller layers"),
                new Term("optimizer.type", "optimizer state", state, "an optimizer with less state (sgd), or smaller layers"),
                new Term("training.batch_size", "activations for a batch of " + spec.training().batchSize(), activations,
                        "a smaller batch_size"),
                new Term("data.train", "the data set (" + rows + " rows)", footprint.dataBytes(),
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

    /** Values an optimizer keeps per parameter; unknown ones count as Adam's two, to err on the safe side. */
    private static int stateSlots(ExperimentSpec spec) {
        return switch (spec.optimizer().type()) {
            case SGD -> 0;
            default -> 2;
        };
    }

    private record Term(String key, String what, long bytes, String remedy) {
    }
}
