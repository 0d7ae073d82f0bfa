package nn.train;

import java.util.List;
import nn.data.Dataset;

/**
 * Per-class loss weights, Keras's {@code class_weight}: every row of class c has its loss and its
 * output delta multiplied by {@code perClass.get(c)}, in the order of the data set's class names.
 */
public record ClassWeights(List<Float> perClass) {
    public ClassWeights {
        perClass = List.copyOf(perClass);
        for (Float w : perClass) {
            if (!(w > 0) || Float.isInfinite(w)) {
                throw new IllegalArgumentException("class weights must be positive and finite, got " + perClass);
            }
        }
    }

    /**
     * n_samples / (n_classes · count_c) over {@code train}, so each class contributes equally to
     * the loss (scikit-learn's and Keras's "balanced"). A class without rows gets 1: no row uses it.
     */
    public static ClassWeights balanced(Dataset train) {
        return balanced(classCounts(train));
    }

    /** As {@link #balanced(Dataset)}, from the rows per class (counted elsewhere, e.g. by a distributed pass). */
    public static ClassWeights balanced(long[] counts) {
        long rows = 0;
        for (long c : counts) {
            rows += c;
        }
        Float[] weights = new Float[counts.length];
        for (int c = 0; c < counts.length; c++) {
            weights[c] = counts[c] == 0 ? 1f : (float) ((double) rows / ((double) counts.length * counts[c]));
        }
        return new ClassWeights(List.of(weights));
    }

    /** Rows per class of {@code data}, in the order of its class names. */
    public static long[] classCounts(Dataset data) {
        long[] counts = new long[classCount(data)];
        for (int r = 0; r < data.rows(); r++) {
            counts[classOf(data, r)]++;
        }
        return counts;
    }

    /** One weight per row of {@code data}, its class's weight. */
    public float[] perRow(Dataset data) {
        if (classCount(data) != perClass.size()) {
            throw new IllegalArgumentException(perClass.size() + " class weights for " + classCount(data)
                    + " classes " + data.classNames());
        }
        float[] weights = new float[data.rows()];
        for (int r = 0; r < data.rows(); r++) {
            weights[r] = perClass.get(classOf(data, r));
        }
        return weights;
    }

    private static int classCount(Dataset data) {
        if (!data.isClassification()) {
            throw new IllegalArgumentException("class weights need classification data, not regression");
        }
        return data.classNames().size();
    }

    /** The class of a row: the index itself with one target, else the one-hot row's argmax. */
    static int classOf(Dataset data, int row) {
        int k = data.targets();
        float[] y = data.y();
        if (k == 1) {
            return y[row] >= 0.5f ? 1 : 0;
        }
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (y[row * k + j] > y[row * k + best]) {
                best = j;
            }
        }
        return best;
    }
}
