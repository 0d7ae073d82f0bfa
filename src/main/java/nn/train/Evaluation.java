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

    /**
     * This regression evaluation of targets standardised by {@code scale} in the targets' own
     * units: loss and MSE times scale², RMSE and MAE times scale, R² unchanged. Classification and
     * scale 1 return this.
     */
    public Evaluation inTargetUnits(double scale) {
        if (classification || scale == 1) {
            return this;
        }
        RegressionMetrics r = regression == null ? null : new RegressionMetrics(regression.mse() * scale * scale,
                regression.rmse() * scale, regression.mae() * scale, regression.r2());
        return new Evaluation(rows, loss * scale * scale, metric * scale, false, confusion, r);
    }

    /** Name of {@link #metric}: {@code accuracy} or {@code rmse}. */
    public String metricName() {
        return classification ? "accuracy" : "rmse";
    }
}
