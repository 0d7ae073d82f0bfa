package nn.train;

/**
 * One epoch's running averages over its batches: loss, and accuracy (classification) or RMSE
 * (regression); the validation loss and metric after the epoch (NaN without validation data), and
 * the learning rate the epoch ran at.
 */
public record EpochMetrics(int epoch, double loss, double metric, double valLoss, double valMetric,
                           double learningRate) {

    /** An epoch without validation data. */
    public EpochMetrics(int epoch, double loss, double metric) {
        this(epoch, loss, metric, Double.NaN, Double.NaN, Double.NaN);
    }

    /** Whether validation metrics were measured. */
    public boolean hasValidation() {
        return !Double.isNaN(valLoss);
    }
}
