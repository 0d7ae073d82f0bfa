package nn.data;

import java.util.List;

/**
 * Samples ready for training: features {@code x} (rows × features) and targets {@code y}
 * (rows × targets), both flat row-major. {@code classNames} is empty for regression; for
 * classification {@code y} holds the class index (one target) or a one-hot row.
 */
public record Dataset(List<String> featureNames, List<String> classNames, int rows, int features, int targets,
                      float[] x, float[] y) {

    public Dataset {
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
        if (x.length != rows * features || y.length != rows * targets) {
            throw new IllegalArgumentException("data arrays do not match " + rows + " rows of "
                    + features + " features and " + targets + " targets");
        }
    }

    /** Whether the targets are classes (else regression values). */
    public boolean isClassification() {
        return !classNames.isEmpty();
    }
}
