package nn.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How a categorical column's counted values become its encoder: the one-hot cap, embedding or
 * one-hot, and the order of the inputs. Shared by {@link PreprocessingFit} and nn-spark's
 * distributed fit, so that both decide alike from the same counts.
 */
public final class CategoricalEncoding {
    private CategoricalEncoding() {
    }

    /**
     * Refuses a column declared {@code encoding: one_hot} with more than {@link ColumnRules#ONE_HOT_LIMIT}
     * kept values. {@code at} is the column's {@code file:line:column}; the cap is on the inputs
     * one-hot would make, so values rarer than min_frequency (which share "other") do not count.
     */
    public static void checkOneHotCap(String at, String name, int distinct, int kept, ColumnRules.Declared declared) {
        if (declared.oneHot() && kept > ColumnRules.ONE_HOT_LIMIT) {
            throw new DataException(at + ": column '" + name + "' has " + distinct + " distinct values"
                    + (kept < distinct ? " (" + kept + " with min_frequency rows)" : "")
                    + "; encoding: one_hot is capped at " + ColumnRules.ONE_HOT_LIMIT
                    + " (drop encoding: one_hot to embed it, or raise min_frequency)");
        }
    }

    /**
     * The encoder of a categorical column from its kept values, most frequent first: embedded when
     * declared so, or undeclared with more values than embedding_above (one id into a table);
     * otherwise one-hot over the max_categories most frequent, with a (missing) input when the
     * training file had missing cells.
     */
    public static ColumnEncoder encoder(String name, int missing, Imputation imputation, List<String> byFrequency,
                                        ColumnRules.Declared declared, ColumnRules rules) {
        boolean embed = declared.embedDim() != null || !declared.oneHot() && byFrequency.size() > rules.embeddingAbove();
        List<String> categories = inputOrder(byFrequency.subList(0,
                Math.min(byFrequency.size(), embed ? ColumnRules.EMBEDDING_LIMIT : rules.maxCategories())));
        if (embed) {
            int given = declared.embedDim() == null ? 0 : declared.embedDim();
            int dim = given > 0 ? given : ColumnEncoder.defaultEmbedDim(categories.size() + 1);
            return new ColumnEncoder(name, ColumnKind.CATEGORICAL, missing, imputation, 0, false, categories, false, dim);
        }
        return new ColumnEncoder(name, ColumnKind.CATEGORICAL, missing, imputation, 0, false, categories, missing > 0);
    }

    /** The kept categories in input order: numerically when they all read as numbers, else as text. */
    private static List<String> inputOrder(List<String> kept) {
        List<String> sorted = new ArrayList<>(kept);
        if (sorted.stream().allMatch(Cells::isNumber)) {
            sorted.sort(Comparator.comparingDouble(Double::parseDouble));
        } else {
            sorted.sort(Comparator.naturalOrder());
        }
        return sorted;
    }
}
