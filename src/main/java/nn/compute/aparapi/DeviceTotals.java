package nn.compute.aparapi;

import java.util.Arrays;
import nn.compute.HostTotals;
import nn.compute.RunningTotals;
import nn.compute.Totals;

/**
 * {@link RunningTotals} of the OpenCL backend: {@link ArenaKernel#T_SIZE} floats in the arena that
 * the loss step and the fused update write, read back only by {@link #read} (one copy-out launch and
 * one host read). Sums are float on the device, Kahan-compensated; steps and rows are exact in float
 * up to 2^24. What the host adds (the L2 penalty, batches of the unfused ops) is kept beside them in
 * a {@link HostTotals} and joined at each read.
 */
final class DeviceTotals implements RunningTotals {
    private final AparapiBackend backend;
    private final ArenaTensor slots;
    private final HostTotals host = new HostTotals();
    private final float[] values = new float[ArenaKernel.T_SIZE];
    /** The stamp of the current step: 2, 3, ... up to 2^24 − 1, then 1 (exact in float; never 0, the reset value of T_BAD). */
    private float stamp = 1f;
    /** Per-row results of the loss step: two areas of 2 × scratchRows floats; none before the first step. */
    private ArenaTensor scratch;
    private int scratchRows;
    private int area = 1;

    DeviceTotals(AparapiBackend backend, ArenaTensor slots) {
        this.backend = backend;
        this.slots = slots;
    }

    /** Whether {@code backend} owns these totals. */
    boolean belongsTo(AparapiBackend other) {
        return backend == other;
    }

    int offset() {
        return slots.offset();
    }

    /** Starts a step: its stamp, which the kernels that see a non-finite value write to T_BAD. */
    float nextStamp() {
        stamp = stamp >= (1 << 24) - 1 ? 1f : stamp + 1f;
        return stamp;
    }

    float stamp() {
        return stamp;
    }

    int scratchOffset() {
        return scratch == null ? 0 : scratch.offset();
    }

    int scratchRows() {
        return scratchRows;
    }

    /** Takes {@code tensor} (4 × rows floats) as the loss step's scratch, after the old one is folded. */
    void useScratch(ArenaTensor tensor, int rows) {
        scratch = tensor;
        scratchRows = rows;
    }

    /** The area the next loss step writes: they alternate, so a step never overwrites the rows still waiting. */
    int nextArea() {
        area = 1 - area;
        return area;
    }

    @Override
    public void addBatch(double loss, double quality, int rows) {
        host.addBatch(loss, quality, rows);
    }

    @Override
    public void addLoss(double loss) {
        host.addLoss(loss);
    }

    @Override
    public boolean batchFinite() {
        return host.batchFinite();
    }

    @Override
    public void recordNonFinite(int epoch, int batch) {
        host.recordNonFinite(epoch, batch);
    }

    @Override
    public boolean nonFiniteRecorded() {
        return host.nonFiniteRecorded();
    }

    @Override
    public Totals read() {
        backend.foldTotals(this);
        backend.read(slots, values);
        Totals h = host.read();
        Totals.NonFiniteStep bad = h.nonFinite();
        if (values[ArenaKernel.T_EPOCH] != 0f) {
            bad = new Totals.NonFiniteStep((int) values[ArenaKernel.T_EPOCH], (int) values[ArenaKernel.T_BATCH],
                    values[ArenaKernel.T_BAD_LOSS]);
        }
        double lossSum = (double) values[ArenaKernel.T_LOSS] - values[ArenaKernel.T_LOSS + 1] + h.lossSum();
        double quality = (double) values[ArenaKernel.T_QUALITY] - values[ArenaKernel.T_QUALITY + 1] + h.quality();
        return new Totals(lossSum, quality, (long) values[ArenaKernel.T_ROWS] + h.rows(),
                values[ArenaKernel.T_LAST] + h.lastLoss(), bad);
    }

    @Override
    public void reset(double lossSum, double quality) {
        // A checkpoint's double sums stay on the host side; the device starts from zero.
        Arrays.fill(values, 0f);
        backend.write(slots, values);
        host.reset(lossSum, quality);
    }
}
