package nn.train;

/**
 * Loss and quality of a network on a whole data set: accuracy for classes, RMSE for values. The
 * final evaluations of a run also carry the {@code confusion} matrix (classification) or the
 * {@code regression} metrics; per-epoch validation scores leave them null.
 */
public record Evaluation(int rows, double loss, double metric, boolean classification, ConfusionMatrix confusion,
                         RegressionMetrics regression) {

    /** Loss and the headline metric only. */
    public Evaluation(int rows, double loss, double metric, boolean classification) {
        this(rows, loss, metric, classification, null, null);
    }

    /** Name of {@link #metric}: {@code accuracy} or {@code rmse}. */
    public String metricName() {
        return classification ? "accuracy" : "rmse";
    }
}
