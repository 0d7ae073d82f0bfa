package nn.cli;

import java.util.List;
import java.util.Locale;
import nn.data.DataException;
import nn.data.RawTable;

/**
 * Non-finite model outputs are an error, never a score or a prediction: a finite but huge feature
 * (3e38) overflows the first layer, and NaN probabilities would otherwise give "accuracy 1.0" with
 * exit 0. The message names the row and the feature most likely to blame.
 */
final class FiniteOutputs {
    private FiniteOutputs() {
    }

    /** Bad input when {@code loss} is not finite; {@code x} holds the rows' features as read, row-major. */
    static void requireFiniteLoss(double loss, RawTable table, List<String> featureNames, float[] x) {
        if (Double.isFinite(loss)) {
            return;
        }
        int features = featureNames.size();
        int worst = 0;
        for (int i = 1; i < x.length; i++) {
            if (!(Math.abs(x[i]) <= Math.abs(x[worst]))) {
                worst = i;
            }
        }
        String blame = x.length == 0 ? "" : "; the largest feature value is " + feature(table, featureNames, x,
                worst / features, worst % features);
        throw new DataException(table.source() + ": the model's outputs are not finite on this data (loss "
                + loss + ")" + blame + ", far outside what the model was trained on");
    }

    /** Bad input when any of {@code outputs} (one row's) is not finite. */
    static void requireFinite(double[] outputs, int row, RawTable table, List<String> featureNames, float[] rowFeatures) {
        for (double v : outputs) {
            if (!Double.isFinite(v)) {
                int worst = 0;
                for (int f = 1; f < rowFeatures.length; f++) {
                    if (!(Math.abs(rowFeatures[f]) <= Math.abs(rowFeatures[worst]))) {
                        worst = f;
                    }
                }
                String blame = rowFeatures.length == 0 ? "" : " (largest feature '" + featureNames.get(worst) + "' = "
                        + String.format(Locale.ROOT, "%.6g", rowFeatures[worst]) + ")";
                throw new DataException(table.source() + ":" + table.lines()[row] + ": the model's output for this row is "
                        + v + blame + ": a feature value far outside what the model was trained on?");
            }
        }
    }

    private static String feature(RawTable table, List<String> names, float[] x, int row, int column) {
        return "'" + names.get(column) + "' = " + String.format(Locale.ROOT, "%.6g", x[row * names.size() + column])
                + " on line " + table.lines()[row];
    }
}
