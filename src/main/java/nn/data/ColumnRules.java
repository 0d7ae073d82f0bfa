package nn.data;

import java.util.Map;

/**
 * What the configuration says about the training file's feature columns, before fitting:
 * declared columns by name (the others are inferred), the default for missing cells, the
 * one-hot caps, and the cardinality above which an undeclared encoding becomes an embedding.
 */
public record ColumnRules(Map<String, Declared> declared, Imputation missing, int maxCategories, int minFrequency,
                          int embeddingAbove) {
    /** Most categories (values with min_frequency rows) a column given {@code encoding: one_hot} may have (a documented cap). */
    public static final int ONE_HOT_LIMIT = 1000;
    /** Most categories an embedded column keeps (the most frequent; the rest share id 0), a documented cap. */
    public static final int EMBEDDING_LIMIT = 1_000_000;
    /** Default {@code max_categories}: rarer values share the column's "other" input. */
    public static final int DEFAULT_MAX_CATEGORIES = 100;
    /**
     * Default {@code embedding_above}: one-hot up to 50 categories, embedded above. fastai embeds
     * every categorical and scikit-learn never does; the common practice between them one-hots up
     * to a few dozen levels. At 50 the one-hot block is 51 inputs against fastai's 14-wide
     * vector, and the default {@code max_categories} (100) would start dropping levels soon after.
     */
    public static final int DEFAULT_EMBEDDING_ABOVE = 50;
    /** Nothing declared: types inferred, median imputation, default caps. */
    public static final ColumnRules DEFAULT = new ColumnRules(Map.of(), Imputation.MEDIAN, DEFAULT_MAX_CATEGORIES, 1);

    public ColumnRules {
        declared = Map.copyOf(declared);
    }

    /** With the default {@link #DEFAULT_EMBEDDING_ABOVE}. */
    public ColumnRules(Map<String, Declared> declared, Imputation missing, int maxCategories, int minFrequency) {
        this(declared, missing, maxCategories, minFrequency, DEFAULT_EMBEDDING_ABOVE);
    }

    /**
     * One column's declaration; null parts are inferred or defaulted. {@code oneHot}: one-hot was
     * asked for by name, so more than {@link #ONE_HOT_LIMIT} values is an error, not a cap, and
     * the column is never embedded by {@link #embeddingAbove}.
     * {@code embedDim}: null not embedded, 0 embedded with the default width, else that width.
     */
    public record Declared(ColumnKind kind, Imputation missing, Double fill, boolean oneHot, Integer embedDim) {
        /** Not embedded. */
        public Declared(ColumnKind kind, Imputation missing, Double fill, boolean oneHot) {
            this(kind, missing, fill, oneHot, null);
        }
    }

    /** The declaration of {@code column}, or one with nothing declared. */
    Declared of(String column) {
        return declared.getOrDefault(column, new Declared(null, null, null, false));
    }
}
