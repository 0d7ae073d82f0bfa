package nn.train;

/**
 * Stops training when the monitored validation quantity has not improved by more than
 * {@code minDelta} for {@code patience} epochs; with {@code restoreBest}, the result is the network
 * of the best epoch rather than the last.
 *
 * @param monitor     {@code VAL_LOSS} (lower is better) or {@code VAL_ACCURACY} (higher is better)
 * @param patience    epochs without improvement before stopping, ≥ 1
 * @param minDelta    the least change that counts as an improvement, ≥ 0
 * @param restoreBest keep the best epoch's weights (Keras's restore_best_weights)
 */
public record EarlyStopping(Monitor monitor, int patience, double minDelta, boolean restoreBest) {

    /** The validation quantity watched. */
    public enum Monitor { VAL_LOSS, VAL_ACCURACY }

    public EarlyStopping {
        if (patience < 1 || !(minDelta >= 0)) {
            throw new IllegalArgumentException("early stopping needs patience >= 1 and min_delta >= 0; got "
                    + patience + ", " + minDelta);
        }
    }

    /** The monitored value of an epoch's validation metrics. */
    public double value(EpochMetrics m) {
        return monitor == Monitor.VAL_LOSS ? m.valLoss() : m.valMetric();
    }

    /** Whether {@code value} beats {@code best} by more than {@code minDelta}. */
    public boolean improves(double value, double best) {
        return monitor == Monitor.VAL_LOSS ? value < best - minDelta : value > best + minDelta;
    }

    /** The starting "best", which any finite value improves on. */
    public double worst() {
        return monitor == Monitor.VAL_LOSS ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
}
