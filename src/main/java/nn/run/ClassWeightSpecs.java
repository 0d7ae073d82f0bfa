package nn.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nn.data.Dataset;
import nn.spec.SpecException;
import nn.train.ClassWeights;

/**
 * Reads {@code training.class_weights} as YAML gives it ({@code balanced}, or a mapping of class
 * name to weight) into {@link ClassWeights} for the training data's classes. The key is untyped in
 * the spec because it is either a word or a mapping, so its checks live here.
 */
final class ClassWeightSpecs {
    private static final String KEY = "training.class_weights";

    private ClassWeightSpecs() {
    }

    static ClassWeights resolve(Object declared, Dataset train) {
        if (!train.isClassification()) {
            throw new SpecException(KEY, "class weights apply to classification; regression (mse) has no classes");
        }
        return resolve(declared, train.classNames(), () -> ClassWeights.classCounts(train));
    }

    /** As above, for data not in memory: its classes, and its rows per class when {@code balanced} asks. */
    static ClassWeights resolve(Object declared, List<String> classes, java.util.function.Supplier<long[]> counts) {
        if (classes.isEmpty()) {
            throw new SpecException(KEY, "class weights apply to classification; regression (mse) has no classes");
        }
        if (declared instanceof String word) {
            if (!word.equals("balanced")) {
                throw new SpecException(KEY, "unknown value '" + word + "'; expected balanced or a mapping of class "
                        + "name to weight");
            }
            return ClassWeights.balanced(counts.get());
        }
        if (!(declared instanceof Map<?, ?> map)) {
            throw new SpecException(KEY, "expected balanced or a mapping of class name to weight, got " + declared);
        }
        for (Object name : map.keySet()) {
            if (!classes.contains(String.valueOf(name))) {
                throw new SpecException(KEY, "unknown class '" + name + "'; expected one of " + String.join(", ", classes));
            }
        }
        List<Float> weights = new ArrayList<>();
        for (String name : classes) {
            if (!map.containsKey(name)) {
                throw new SpecException(KEY, "no weight for class '" + name + "'; expected a weight for each of "
                        + String.join(", ", classes));
            }
            Object value = map.get(name);
            if (!(value instanceof Number number) || !(number.doubleValue() > 0)
                    || Double.isInfinite(number.doubleValue())) {
                throw new SpecException(KEY, "weight of class '" + name + "' must be a positive number, got " + value);
            }
            weights.add(number.floatValue());
        }
        return new ClassWeights(weights);
    }
}
