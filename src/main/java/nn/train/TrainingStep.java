package nn.train;

import java.util.ArrayList;
import java.util.List;
import nn.compute.Backend;
import nn.compute.Loss;
import nn.compute.Tensor;
import nn.network.DeviceNetwork;
import nn.network.DropoutMasks;
import nn.network.Parameter;

/**
 * One training step, the only copy of it: a batch in; forward (with dropout masks and, for
 * batch_norm, the running-statistic update), loss, backward with L2, then the global gradient
 * norm, the finiteness check, clipping and the optimizer update. The trainer, {@code nn bench}
 * and the step benchmark all run it.
 *
 * <p>{@link #computeGradients} and {@link #applyGradients} are callable separately so that a
 * data-parallel engine can compute one partition's gradients, average them across partitions
 * weighted by the row counts {@code computeGradients} returns (through {@link #readGradients} and
 * {@link #writeGradients}), then apply. The loss and the correct count (or squared error) are
 * accumulated by the step and read on demand through {@link #lossSum()} and {@link #quality()}.
 */
public final class TrainingStep {
    private final Backend backend;
    private final DeviceNetwork net;
    private final Loss loss;
    private final Optimizer.Step update;
    private final GradientClipping clipping;
    private final DropoutMasks masks;
    private final boolean classification;
    private double lastLoss;
    private double lossSum;
    private double quality;

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
        this.clipping = clipNorm > 0 ? new GradientClipping(clipNorm) : null;
        this.masks = masks;
        this.classification = classification;
    }

    /** Computes then applies the gradients of one batch; see the two halves. */
    public void run(Tensor x, Tensor y, Tensor rowWeights, float learningRate, int epoch, int batchNumber) {
        computeGradients(x, y, rowWeights);
        applyGradients(learningRate, epoch, batchNumber);
    }

    /**
     * Forward in training mode and backward of the batch {@code x}, {@code y} ({@code rowWeights}
     * rows × 1, null: unweighted): leaves the gradients of the batch-mean loss (L2 included) in
     * {@link #parameters()} and adds the batch's loss and quality to the accumulators. Returns
     * the batch's row count, the weight of these gradients in an average across partitions.
     */
    public int computeGradients(Tensor x, Tensor y, Tensor rowWeights) {
        net.forward(x, masks);
        lastLoss = net.backward(loss, x, y, rowWeights);
        lossSum += lastLoss;
        quality += classification ? backend.countCorrect(net.output(), y) : backend.sumSquaredError(net.output(), y);
        return x.rows();
    }

    /**
     * Checks the last batch's loss and the gradients' global norm for finiteness (before the
     * update, so the weights stay finite), clips when asked and applies the optimizer at
     * {@code learningRate}. {@code epoch} and {@code batchNumber} only label a divergence.
     *
     * @throws TrainingDivergedException when the loss or a gradient is not finite
     */
    public void applyGradients(float learningRate, int epoch, int batchNumber) {
        double gradientNorm = GradientClipping.globalNorm(backend, net.parameters());
        if (!Double.isFinite(lastLoss) || !Double.isFinite(gradientNorm)) {
            throw new TrainingDivergedException(epoch, batchNumber, lastLoss, net.diagnose(), learningRate, List.of());
        }
        if (clipping != null) {
            clipping.clip(backend, net.parameters(), gradientNorm);
        }
        update.apply(learningRate);
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

    /** The loss of the last batch summed over its rows (L2 penalty included). */
    public double lastLoss() {
        return lastLoss;
    }

    /** Summed loss since the last {@link #resetMetrics}. */
    public double lossSum() {
        return lossSum;
    }

    /** Correct predictions (classification) or summed squared error (regression) since the last reset. */
    public double quality() {
        return quality;
    }

    /** Sets the accumulators: zero at an epoch's start, a checkpoint's values when resuming mid-epoch. */
    public void resetMetrics(double lossSum, double quality) {
        this.lossSum = lossSum;
        this.quality = quality;
    }
}
