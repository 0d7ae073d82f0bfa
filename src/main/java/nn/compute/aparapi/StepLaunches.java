package nn.compute.aparapi;

import java.util.List;
import nn.compute.Activation;
import nn.compute.ActivationFunction;
import nn.compute.Loss;
import nn.compute.ParameterSet;
import nn.compute.RunningTotals;
import nn.compute.StepGuard;
import nn.compute.Tensor;
import nn.compute.UpdateRule;

/**
 * The fused step ops' launches for {@link AparapiBackend} (kept apart so the backend class stays
 * short). A W2 training step (three dense layers) is eleven launches and no host read: the batch
 * gather, one GEMM per layer forward with bias and activation in its epilogue (a softmax output
 * layer of at most {@link ArenaKernel#ROW_COLUMNS} outputs: one work item per row), the loss step,
 * per layer backward one GEMM for the weight gradient with the bias gradient and the finiteness
 * check beside it and one for δ through the layer below's act', and one update over every
 * parameter. No kernel has a barrier outside the GEMM tiles: the loss step's per-row results are
 * summed into the totals by the next loss step's first work item (or before a read).
 *
 * <p>Finiteness: the loss step and the weight-gradient GEMMs stamp the step's {@link DeviceTotals}
 * when they see a non-finite value; the update then changes nothing and records the step. The
 * update also checks each gradient itself (for gradients from other ops), recording the step and
 * leaving that element alone: the weights never take a non-finite gradient.
 */
final class StepLaunches {
    private final AparapiBackend backend;
    private final Arena arena;
    private final ArenaKernel kernel;
    /** The totals of the step under way (set by the loss step), null before the first. */
    private DeviceTotals current;
    private ParameterSet tabled;
    private int tabledElements;
    private int tabledChunks;

    StepLaunches(AparapiBackend backend, Arena arena, ArenaKernel kernel) {
        this.backend = backend;
        this.arena = arena;
        this.kernel = kernel;
    }

    RunningTotals allocateTotals() {
        ArenaTensor slots = backend.own(backend.allocate(1, ArenaKernel.T_SIZE));
        return new DeviceTotals(backend, slots);
    }

    /** Whether the fused ops can write {@code totals} (the defaults serve any other). */
    boolean owns(RunningTotals totals) {
        return totals instanceof DeviceTotals d && d.belongsTo(backend);
    }

    void gatherBatch(ArenaTensor sx, ArenaTensor sy, int[] indices, int offset, ArenaTensor dx, ArenaTensor dy) {
        if (sx.cols() != dx.cols() || sy.cols() != dy.cols() || sx.rows() != sy.rows() || dx.rows() != dy.rows()) {
            throw new IllegalArgumentException("gatherBatch of " + sx.rows() + "x" + sx.cols() + " and " + sy.rows()
                    + "x" + sy.cols() + " into " + dx.rows() + "x" + dx.cols() + " and " + dy.rows() + "x" + dy.cols());
        }
        int rows = dx.rows();
        if (rows == 0) {
            return;
        }
        arena.rowIndices(indices, offset, rows, sx.rows());
        arena.set(ArenaKernel.OP_GATHER_BATCH, rows, dx.cols());
        kernel.inner = dy.cols();
        kernel.offA = sx.offset();
        kernel.offD = dx.offset();
        kernel.offB = sy.offset();
        kernel.offC = dy.offset();
        arena.launch1d(dx.size() + dy.size(), "gatherBatch");
    }

    void denseForward(ArenaTensor x, ArenaTensor w, ArenaTensor bias, ActivationFunction act, ArenaTensor z,
                      ArenaTensor out) {
        Operands.sameShape(z, out, "denseForward");
        if (bias != null && bias.size() != z.cols()) {
            throw new IllegalArgumentException("bias of " + bias.size() + " values for " + z.cols() + " columns");
        }
        if (act == Activation.SOFTMAX && z.cols() > ArenaKernel.ROW_COLUMNS) {
            backend.gemm(x, false, w, false, z);
            backend.biasActivation(z, bias, act, out);
            return;
        }
        kernel.hasBias = bias == null ? 0 : 1;
        kernel.offE = bias == null ? 0 : bias.offset();
        kernel.offF = out.offset();
        if (act != Activation.SOFTMAX) {
            kernel.activation = Operands.code(act);
            backend.launchGemm(x, false, w, false, z, ArenaKernel.EPI_BIAS_ACT, false);
            return;
        }
        if (x.cols() != w.rows() || w.cols() != z.cols() || x.rows() != z.rows()) {
            throw new IllegalArgumentException("denseForward shapes: x " + x.rows() + "x" + x.cols() + ", w "
                    + w.rows() + "x" + w.cols() + ", z " + z.rows() + "x" + z.cols());
        }
        arena.set(ArenaKernel.OP_DENSE_SOFTMAX, z.rows(), z.cols());
        kernel.inner = x.cols();
        kernel.offA = x.offset();
        kernel.offB = w.offset();
        kernel.offC = z.offset();
        kernel.strideAi = x.cols();
        kernel.strideAp = 1;
        kernel.strideBp = w.cols();
        kernel.strideBj = 1;
        arena.launch1d(z.rows(), "denseForward");
    }

    void lossStep(Loss loss, ActivationFunction act, Tensor z, Tensor out, Tensor y, Tensor delta, Tensor rowWeights,
                  boolean classification, DeviceTotals totals) {
        int rows = prepareOutputDelta(loss, act, z, out, y, delta, rowWeights);
        current = totals;
        kernel.stamp = totals.nextStamp();
        if (rows == 0) {
            return;
        }
        kernel.classification = classification ? 1 : 0;
        if (totals.scratchRows() < rows) {
            fold(totals);
            totals.useScratch(backend.own(backend.allocate(4, rows)), rows);
            // The allocation may have grown the arena: the loss step's fields are set again below.
            prepareOutputDelta(loss, act, z, out, y, delta, rowWeights);
            kernel.classification = classification ? 1 : 0;
        }
        kernel.op = ArenaKernel.OP_LOSS_STEP;
        useTotals(totals);
        kernel.area = totals.nextArea();
        arena.launch1d(rows, "lossStep");
    }

    /** Adds the rows of the last loss step of {@code totals} to its sums (before reading them). */
    void fold(DeviceTotals totals) {
        if (totals.scratchRows() == 0) {
            return;
        }
        arena.set(ArenaKernel.OP_FOLD, 1, 1);
        useTotals(totals);
        arena.launch1d(1, "reading the totals");
    }

    private void useTotals(DeviceTotals totals) {
        kernel.totalsAt = totals.offset();
        kernel.scratchAt = totals.scratchOffset();
        kernel.scratchRows = totals.scratchRows();
    }

    /** Checks outputDelta's operands and sets the kernel's fields for it; returns the row count. */
    int prepareOutputDelta(Loss loss, ActivationFunction act, Tensor z, Tensor out, Tensor y, Tensor delta,
                           Tensor rowWeights) {
        ArenaTensor tw = rowWeights == null ? null : backend.own(rowWeights);
        if (tw != null && (tw.rows() != out.rows() || tw.cols() != 1)) {
            throw new IllegalArgumentException("row weights of " + tw.rows() + " x " + tw.cols() + " for "
                    + out.rows() + " rows; expected one column");
        }
        ArenaTensor tz = backend.own(z);
        ArenaTensor to = backend.own(out);
        ArenaTensor ty = backend.own(y);
        ArenaTensor td = backend.own(delta);
        Operands.sameShape(to, tz, "outputDelta");
        Operands.sameShape(to, ty, "outputDelta");
        Operands.sameShape(to, td, "outputDelta");
        int rows = to.rows();
        float perRow = rows == 0 ? 0f : 1f / rows;
        arena.set(ArenaKernel.OP_OUTPUT_DELTA, rows, to.cols());
        kernel.activation = Operands.code(act);
        kernel.lossCode = Operands.code(loss);
        // The same float arithmetic as the Java backend's scale factors.
        kernel.factor = act == Activation.SIGMOID && loss == Loss.BINARY_CROSSENTROPY ? perRow / to.cols() : perRow;
        kernel.offA = tz.offset();
        kernel.offB = to.offset();
        kernel.offC = ty.offset();
        kernel.offD = td.offset();
        kernel.hasRowWeights = tw == null ? 0 : 1;
        kernel.offE = tw == null ? 0 : tw.offset();
        return rows;
    }

    void weightGradients(ArenaTensor x, ArenaTensor delta, ArenaTensor weightGrad, ArenaTensor biasGrad) {
        if (biasGrad != null && biasGrad.size() < delta.cols()) {
            throw new IllegalArgumentException("column sums of " + delta.cols() + " columns into " + biasGrad.size()
                    + " values");
        }
        kernel.hasBias = biasGrad == null ? 0 : 1;
        kernel.offG = biasGrad == null ? 0 : biasGrad.offset();
        stampWith(current);
        backend.launchGemm(x, true, delta, false, weightGrad, ArenaKernel.EPI_GRADIENT, false);
    }

    void deltaBackward(ArenaTensor delta, ArenaTensor w, ArenaTensor deltaIn, ArenaTensor zBelow, ArenaTensor outBelow,
                       ActivationFunction actBelow) {
        if (actBelow == Activation.SOFTMAX) {
            backend.gemm(delta, false, w, true, deltaIn);
            backend.activationBackward(deltaIn, zBelow, outBelow, actBelow);
            return;
        }
        Operands.sameShape(deltaIn, zBelow, "deltaBackward");
        Operands.sameShape(deltaIn, outBelow, "deltaBackward");
        kernel.activation = Operands.code(actBelow);
        kernel.offE = zBelow.offset();
        kernel.offF = outBelow.offset();
        backend.launchGemm(delta, false, w, true, deltaIn, ArenaKernel.EPI_DERIVATIVE, false);
    }

    /** The update over every parameter in one launch (two with clipping: the norm first). */
    void update(ParameterSet params, UpdateRule rule, StepGuard guard) {
        int total = table(params);
        DeviceTotals totals = guard == null ? null : (DeviceTotals) guard.totals();
        stampWith(totals);
        kernel.clipNorm = guard == null ? 0f : guard.clipNorm();
        kernel.epochLabel = guard == null ? 0f : guard.epoch();
        kernel.batchLabel = guard == null ? 0f : guard.batch();
        setRule(rule);
        if (total == 0) {
            return;
        }
        if (kernel.clipNorm > 0f) {
            arena.set(ArenaKernel.OP_NORM_PARTS, total, 1);
            arena.launch1d(ArenaKernel.NORM_PARTS, "gradientNorm");
            arena.set(ArenaKernel.OP_NORM_FINISH, 1, 1);
            arena.launch1d(1, "gradientNorm");
        }
        arena.set(ArenaKernel.OP_UPDATE, tabledChunks, 1);
        arena.launchChunks(tabledChunks, "update");
    }

    private void stampWith(DeviceTotals totals) {
        kernel.totalsAt = totals == null ? -1 : totals.offset();
        kernel.stamp = totals == null ? 0f : totals.stamp();
        kernel.scratchAt = totals == null ? 0 : totals.scratchOffset();
        kernel.scratchRows = totals == null ? 0 : totals.scratchRows();
    }

    private void setRule(UpdateRule rule) {
        if (rule instanceof UpdateRule.Plain p) {
            kernel.updateRule = 0;
            kernel.factor = p.learningRate();
        } else if (rule instanceof UpdateRule.Momentum m) {
            kernel.updateRule = 1;
            kernel.factor = m.learningRate();
            kernel.momentum = m.momentum();
            kernel.nesterov = m.nesterov() ? 1f : 0f;
        } else if (rule instanceof UpdateRule.Adam a) {
            kernel.updateRule = 2;
            kernel.factor = a.stepSize();
            kernel.beta1 = a.beta1();
            kernel.beta2 = a.beta2();
            kernel.epsilon = a.epsilon();
            kernel.decay = a.decay();
        }
    }

    /** The update's chunks: CHUNK consecutive elements of one parameter each, offsets of their first element. */
    private int[] chunkTable(ParameterSet params) {
        int count = 0;
        for (Tensor v : params.values()) {
            count += (v.size() + ArenaKernel.CHUNK - 1) / ArenaKernel.CHUNK;
        }
        int[] table = new int[Math.max(1, count) * ArenaKernel.CHUNK_INTS];
        int at = 0;
        for (int i = 0; i < params.values().size(); i++) {
            int size = params.values().get(i).size();
            int value = backend.own(params.values().get(i)).offset();
            int grad = backend.own(params.gradients().get(i)).offset();
            int first = params.first().isEmpty() ? 0 : backend.own(params.first().get(i)).offset();
            int second = params.second().isEmpty() ? 0 : backend.own(params.second().get(i)).offset();
            for (int from = 0; from < size; from += ArenaKernel.CHUNK) {
                table[at] = value + from;
                table[at + 1] = grad + from;
                table[at + 2] = first + from;
                table[at + 3] = second + from;
                table[at + 4] = Math.min(ArenaKernel.CHUNK, size - from);
                at += ArenaKernel.CHUNK_INTS;
            }
        }
        return table;
    }

    /** Puts the set's table of offsets on the device unless it is there already; returns its elements. */
    private int table(ParameterSet params) {
        if (params == tabled) {
            kernel.segmentCount = params.values().size();
            return tabledElements;
        }
        List<Tensor> values = params.values();
        int[] table = new int[Math.max(1, values.size()) * ArenaKernel.SEGMENT];
        long start = 0;
        for (int i = 0; i < values.size(); i++) {
            ArenaTensor v = backend.own(values.get(i));
            int at = i * ArenaKernel.SEGMENT;
            table[at] = v.offset();
            table[at + 1] = backend.own(params.gradients().get(i)).offset();
            table[at + 2] = params.first().isEmpty() ? 0 : backend.own(params.first().get(i)).offset();
            table[at + 3] = params.second().isEmpty() ? 0 : backend.own(params.second().get(i)).offset();
            table[at + 4] = (int) start;
            table[at + 5] = v.size();
            start += v.size();
        }
        if (start > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("more than 2^31 parameters");
        }
        arena.putSegments(table);
        int[] chunks = chunkTable(params);
        arena.putChunks(chunks);
        tabledChunks = chunks.length / ArenaKernel.CHUNK_INTS;
        tabled = params;
        tabledElements = (int) start;
        kernel.segmentCount = values.size();
        return tabledElements;
    }
}
