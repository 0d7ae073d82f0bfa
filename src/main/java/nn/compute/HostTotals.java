package nn.compute;

/**
 * {@link RunningTotals} in host memory, in double, for backends whose tensors live on the host
 * (reading them costs nothing). The current batch's loss is held apart until the next batch or
 * read, so that the L2 penalty joins it before it joins the sum (the same double arithmetic as
 * summing each batch's complete loss).
 */
public final class HostTotals implements RunningTotals {
    private double lossSum;
    private double quality;
    private long rows;
    private double pending;
    private boolean hasPending;
    private double lastLoss;
    private Totals.NonFiniteStep nonFinite;

    @Override
    public void addBatch(double loss, double batchQuality, int batchRows) {
        commit();
        pending = loss;
        hasPending = true;
        quality += batchQuality;
        rows += batchRows;
    }

    @Override
    public void addLoss(double loss) {
        if (!hasPending) {
            pending = 0;
            hasPending = true;
        }
        pending += loss;
    }

    @Override
    public boolean batchFinite() {
        return !hasPending || Double.isFinite(pending);
    }

    @Override
    public void recordNonFinite(int epoch, int batch) {
        if (nonFinite == null) {
            nonFinite = new Totals.NonFiniteStep(epoch, batch, hasPending ? pending : lastLoss);
        }
    }

    @Override
    public boolean nonFiniteRecorded() {
        return nonFinite != null;
    }

    @Override
    public Totals read() {
        commit();
        return new Totals(lossSum, quality, rows, lastLoss, nonFinite);
    }

    @Override
    public void reset(double loss, double q) {
        hasPending = false;
        lossSum = loss;
        quality = q;
        rows = 0;
        nonFinite = null;
    }

    private void commit() {
        if (hasPending) {
            lossSum += pending;
            lastLoss = pending;
            hasPending = false;
        }
    }
}
