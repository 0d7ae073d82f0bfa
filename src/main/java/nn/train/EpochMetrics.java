package nn.train;

/**
 * One epoch's running averages over its batches: loss, and accuracy (classification) or RMSE
 * (regression).
 */
public record EpochMetrics(int epoch, double loss, double metric) {
}
