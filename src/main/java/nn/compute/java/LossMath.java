package nn.compute.java;

import nn.compute.Activation;
import nn.compute.ActivationFunction;
import nn.compute.Loss;

/** Per-element loss values and gradients, in the forms that stay finite. */
final class LossMath {
    private LossMath() {
    }

    /** BCE of sigmoid(z) against y, computed from the logit: max(z,0) − z·y + log(1 + e^−|z|). */
    static double binaryCrossEntropyFromLogit(float z, float y) {
        return Math.max(z, 0) - (double) z * y + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /** −Σ y_j·log softmax(z)_j over one row, through log-sum-exp. */
    static double crossEntropyFromLogits(float[] z, float[] y, int o, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            max = Math.max(max, z[o + j]);
        }
        double sum = 0;
        for (int j = 0; j < cols; j++) {
            sum += Math.exp(z[o + j] - max);
        }
        double logSum = max + Math.log(sum);
        double loss = 0;
        for (int j = 0; j < cols; j++) {
            if (y[o + j] != 0f) {
                loss -= y[o + j] * (z[o + j] - logSum);
            }
        }
        return loss;
    }

    /**
     * One row's loss, the same value the unweighted output delta sums for that row: from logits for
     * sigmoid+BCE and softmax+CE, else from the activations.
     */
    static double rowLoss(Loss loss, ActivationFunction act, float[] z, float[] out, float[] y, int o, int cols) {
        double total = 0;
        if (act == Activation.SIGMOID && loss == Loss.BINARY_CROSSENTROPY) {
            for (int j = o; j < o + cols; j++) {
                total += binaryCrossEntropyFromLogit(z[j], y[j]) / cols;
            }
            return total;
        }
        if (act == Activation.SOFTMAX && loss == Loss.CATEGORICAL_CROSSENTROPY) {
            return crossEntropyFromLogits(z, y, o, cols);
        }
        for (int j = o; j < o + cols; j++) {
            total += elementLoss(loss, out[j], y[j], cols);
        }
        return total;
    }

    /** One output's share of a row's loss; {@code cols} is the number of outputs. */
    static double elementLoss(Loss loss, float a, float y, int cols) {
        return switch (loss) {
            case BINARY_CROSSENTROPY -> {
                double p = clip(a);
                yield -(y * Math.log(p) + (1 - y) * Math.log(1 - p)) / cols;
            }
            case CATEGORICAL_CROSSENTROPY -> y == 0f ? 0 : -y * Math.log(clip(a));
            case MEAN_SQUARED_ERROR -> {
                double d = a - y;
                yield d * d / cols;
            }
        };
    }

    /** ∂(row loss)/∂a for one output. */
    static float elementGradient(Loss loss, float a, float y, int cols) {
        return switch (loss) {
            case BINARY_CROSSENTROPY -> {
                double p = clip(a);
                yield (float) ((a - y) / (p * (1 - p)) / cols);
            }
            case CATEGORICAL_CROSSENTROPY -> (float) (-y / clip(a));
            case MEAN_SQUARED_ERROR -> 2f * (a - y) / cols;
        };
    }

    private static double clip(float a) {
        return Math.min(Math.max(a, Loss.EPSILON), 1 - Loss.EPSILON);
    }
}
