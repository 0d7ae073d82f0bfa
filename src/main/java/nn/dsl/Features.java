package nn.dsl;

import nn.spec.EncodingType;
import nn.spec.FeatureSpec;
import nn.spec.FeatureType;
import nn.spec.MissingType;

/**
 * The common column declarations for {@link Training#feature}, each as its YAML form:
 * {@code Training.of(...).feature("shop", Features.embedding(8)).feature("income", Features.constant(0))}.
 */
public final class Features {
    private Features() {
    }

    /** {@code NAME: categorical}. */
    public static FeatureSpec categorical() {
        return new FeatureSpec(FeatureType.CATEGORICAL);
    }

    /** {@code NAME: numeric}. */
    public static FeatureSpec numeric() {
        return new FeatureSpec(FeatureType.NUMERIC);
    }

    /** {@code NAME: {encoding: one_hot}}: one-hot whatever its cardinality (up to the documented cap). */
    public static FeatureSpec oneHot() {
        return new FeatureSpec(null, null, null, EncodingType.ONE_HOT, null);
    }

    /** {@code NAME: {encoding: embedding}}, with fastai's default width. */
    public static FeatureSpec embedding() {
        return new FeatureSpec(null, null, null, EncodingType.EMBEDDING, null);
    }

    /** {@code NAME: {encoding: embedding, dim: DIM}}. */
    public static FeatureSpec embedding(int dim) {
        return new FeatureSpec(null, null, null, EncodingType.EMBEDDING, dim);
    }

    /** {@code NAME: {missing: constant, fill: VALUE}}: missing cells of a numeric column become {@code value}. */
    public static FeatureSpec constant(double value) {
        return new FeatureSpec(null, MissingType.CONSTANT, value, null, null);
    }

    /** {@code NAME: {missing: MISSING}}: this column's missing cells (median, mean or error). */
    public static FeatureSpec missing(MissingType missing) {
        return new FeatureSpec(null, missing, null, null, null);
    }
}
