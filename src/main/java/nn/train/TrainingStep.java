package nn.train;

import java.util.ArrayList;
import java.util.List;
import nn.compute.Backend;
import nn.compute.Loss;
import nn.compute.RunningTotals;
import nn.compute.StepGuard;
import nn.compute.Tensor;
import nn.compute.Totals;
import nn.network.DeviceNetwork;
import nn.network.DropoutMasks;
import nn.network.Parameter;

/**
 * One training step, the only copy of it: a batch in; forward (with dropout masks and, for
 * batch_norm, the running-statistic update), loss, backward with L2, then the finiteness check,
 * clipping by global norm and the optimizer update. The trainer, {@code nn bench} and the step
 * benchmark all run it.
 *
 * <p>Nothing comes back to the host per step: the batch's loss and quality (correct count or
 * squared error) accumulate in the backend's {@link RunningTotals}, and a step whose loss or
 * gradients are not finite is recorded there and not applied (nor is any later one), so the weights
 * stay finite. {@link #sync} reads the totals and throws for a recorded divergence, naming the step
 * where it happened; the epoch loop syncs at progress updates, at checkpoints and at epoch ends.
 *
 * <p>{@link #computeGradients} and {@link #applyGradients} are callable separately so that a
 * data-parallel engine can compute one partition's gradients, average them across partitions
 * weighted by the row counts {@code computeGradients} returns (through {@link #readGradients} and
 * {@link #writeGradients}), then apply; {@link #applyGradients} syncs at once, as such an engine
 * expects.
 */
public final class TrainingStep {
    private final Backend backend;
    private final DeviceNetwork net;
    private final Loss loss;
    private final Optimizer.Step update;
    private final float clipNorm;
    private final DropoutMasks masks;
    private final boolean classification;
    private final RunningTotals totals;
    private float lastRate = Float.NaN;

    /**
     * A step over {@code net}'s parameters: {@code clipNorm} 0 for no clipping, {@code masks} null
     * for no dropout; {@code classification} chooses the accumulated quality (correct count, else
     * summed squared error).
     */
    public TrainingStep(DeviceNetwork net, Loss loss, Optimizer optimizer, float clipNorm, DropoutMasks masks,
                        boolean classification) {
        this.backend = net.backend();
        this.net = net;
        this.loss = loss;
        this.update = optimizer.bind(backend, net.parameters());
        this.clipNorm = clipNorm > 0 ? clipNorm : 0f;
        this.masks = masks;
        this.classification = classification;
        this.totals = backend.allocateTotals();
    }

    /**
     * Computes then applies the gradients of one batch, with no host read: a divergence is recorded
     * and reported by the next {@link #sync}, labelled {@code epoch}, {@code batchNumber}.
     */
    public void run(Tensor x, Tensor y, Tensor rowWeights, float learningRate, int epoch, int batchNumber) {
        computeGradients(x, y, rowWeights);
        applyDeferred(learningRate, epoch, batchNumber);
    }

    /**
     * Forward in training mode and backward of the batch {@code x}, {@code y} ({@code rowWeights}
     * rows × 1, null: unweighted): leaves the gradients of the batch-mean loss (L2 included) in
     * {@link #parameters()} and adds the batch's loss and quality to the totals. Returns the batch's
     * row count, the weight of these gradients in an average across partitions.
     */
    public int computeGradients(Tensor x, Tensor y, Tensor rowWeights) {
        net.forward(x, masks);
        net.backward(loss, x, y, rowWeights, classification, totals);
        return x.rows();
    }

    /**
     * Checks the last batch's loss and the gradients for finiteness (before the update, so the
     * weights stay finite), clips when asked and applies the optimizer at {@code learningRate}, then
     * syncs. {@code epoch} and {@code batchNumber} only label a divergence.
     *
     * @throws TrainingDivergedException when the loss or a gradient is not finite
     */
    public void applyGradients(float learningRate, int epoch, int batchNumber) {
        applyDeferred(learningRate, epoch, batchNumber);
        sync();
    }

    private void applyDeferred(float learningRate, int epoch, int batchNumber) {
        lastRate = learningRate;
        update.apply(learningRate, new StepGuard(clipNorm, totals, epoch, batchNumber));
    }

    /**
     * Reads the totals (one host read on a device) and returns them.
     *
     * @throws TrainingDivergedException when a step since the last reset was not finite, naming that
     *         step; the layer report shows the network as the last step left it
     */
    public Totals sync() {
        Totals t = totals.read();
        Totals.NonFiniteStep bad = t.nonFinite();
        if (bad != null) {
            throw new TrainingDivergedException(bad.epoch(), bad.batch(), bad.loss(), net.diagnose(), lastRate,
                    List.of());
        }
        return t;
    }

    /** The trainable tensors with their gradients, in layer order. */
    public List<Parameter> parameters() {
        return net.parameters();
    }

    /** Copies every gradient to the host, in {@link #parameters()} order. */
    public List<float[]> readGradients() {
        List<float[]> result = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            float[] values = new float[p.gradient().size()];
            backend.read(p.gradient(), values);
            result.add(values);
        }
        return result;
    }

    /** Overwrites every gradient from the host (an average across partitions), in {@link #parameters()} order. */
    public void writeGradients(List<float[]> gradients) {
        List<Parameter> params = net.parameters();
        if (gradients.size() != params.size()) {
            throw new IllegalArgumentException(gradients.size() + " gradients for " + params.size() + " parameters");
        }
        for (int i = 0; i < params.size(); i++) {
            backend.write(params.get(i).gradient(), gradients.get(i));
        }
    }

    /** The optimizer's bound state, for checkpoints (a data-parallel driver saves and restores it too). */
    public Optimizer.Step update() {
        return update;
    }

    /** The loss of the last batch summed over its rows (L2 penalty included); reads the totals. */
    public double lastLoss() {
        return totals.read().lastLoss();
    }

    /** Summed loss since the last {@link #resetMetrics}; reads the totals. */
    public double lossSum() {
        return totals.read().lossSum();
    }

    /** Correct predictions (classification) or summed squared error (regression) since the last reset; reads the totals. */
    public double quality() {
        return totals.read().quality();
    }

    /**
     * Sets the totals: zero at an epoch's start, a checkpoint's values when resuming mid-epoch; clears
     * a divergence record.
     */
    public void resetMetrics(double lossSum, double quality) {
        totals.reset(lossSum, quality);
    }
}
