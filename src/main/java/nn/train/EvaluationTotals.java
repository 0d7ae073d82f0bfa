package nn.train;

/**
 * The evaluation of a whole data set from the evaluations of its consecutive parts, for scoring a
 * file that is read a chunk at a time ({@code evaluate} on data larger than the heap): losses and
 * accuracies weighted by rows, confusion matrices summed, and the regression metrics from their
 * sums (R² needs the sums of the true values, so each part brings its targets).
 */
public final class EvaluationTotals {
    private long rows;
    private double lossSum;
    private double correct;
    private int[][] confusion;
    private Boolean classification;
    private final RegressionMetrics.Sums sums = new RegressionMetrics.Sums();
    private long values;
    private double sse;
    private double sae;

    /** Adds {@code part}, the detailed evaluation of rows whose true values are {@code targets}. */
    public void add(Evaluation part, float[] targets) {
        classification = part.classification();
        rows += part.rows();
        lossSum += part.loss() * part.rows();
        if (part.classification()) {
            correct += part.metric() * part.rows();
            if (part.confusion() != null) {
                int[][] counts = part.confusion().counts();
                if (confusion == null) {
                    confusion = new int[counts.length][counts.length];
                }
                for (int i = 0; i < counts.length; i++) {
                    for (int j = 0; j < counts.length; j++) {
                        confusion[i][j] += counts[i][j];
                    }
                }
            }
        } else if (part.regression() != null) {
            values += targets.length;
            sse += part.regression().mse() * targets.length;
            sae += part.regression().mae() * targets.length;
            for (float y : targets) {
                sums.addActual(y);
            }
        }
    }

    /** The whole's evaluation; null when nothing was added. */
    public Evaluation total() {
        if (classification == null || rows == 0) {
            return null;
        }
        int n = (int) Math.min(rows, Integer.MAX_VALUE);
        if (classification) {
            ConfusionMatrix matrix = confusion == null ? null : new ConfusionMatrix(confusion);
            double accuracy = confusion == null ? correct / rows : (double) trace(confusion) / rows;
            return new Evaluation(n, lossSum / rows, accuracy, true, matrix, null);
        }
        RegressionMetrics r = sums.resultFor(values, sse, sae);
        return new Evaluation(n, lossSum / rows, r.rmse(), false, null, r);
    }

    private static long trace(int[][] counts) {
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            sum += counts[i][i];
        }
        return sum;
    }
}
