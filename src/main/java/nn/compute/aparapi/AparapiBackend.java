package nn.compute.aparapi;

import com.aparapi.device.OpenCLDevice;
import nn.compute.Activation;
import nn.compute.ActivationFunction;
import nn.compute.Backend;
import nn.compute.BatchNormShapes;
import nn.compute.DeviceCounters;
import nn.compute.DeviceMemory;
import nn.compute.DeviceUnavailableException;
import nn.compute.Loss;
import nn.compute.ParameterSet;
import nn.compute.RunningTotals;
import nn.compute.StepGuard;
import nn.compute.Tensor;
import nn.compute.UpdateRule;

/**
 * The OpenCL backend: every tensor lives in one arena array of a single {@link ArenaKernel}, which
 * Aparapi keeps on the device between launches (explicit mode: nothing moves unless we put or get
 * it).
 *
 * <p>What crosses the bus: the whole arena once before the first launch (parameters, the data
 * set); per {@link #gatherRows} the batch's row indices (4 bytes a row, skipped when the indices
 * equal the previous call's, as for the Y gather after the X gather); per {@link #outputDelta},
 * {@link #countCorrect} and {@link #sumSquaredError} one float per row of the per-row results,
 * summed on the host in row order; per later {@link #write} or {@link #read} the tensor through
 * a staging array. Allocating after the first launch grows the arena: a get and a put of all of
 * it, which happens at setup, never per step.
 *
 * <p>This class marshals the ops: each method checks its operands and sets the kernel's fields;
 * the {@link Arena} owns the memory (allocation, growth, host copies, the canary) and the launches.
 *
 * <p>Every launch is pinned to the chosen device; when Aparapi falls back to Java threads (it
 * does so silently) the next check throws {@link DeviceUnavailableException} rather than compute
 * on the CPU unasked.
 */
public final class AparapiBackend implements Backend {
    private final Arena arena;
    private final ArenaKernel kernel;
    private final EmbeddingLaunches embeddings;
    private final StepLaunches steps;

    private GemmPlan gemmPlan;
    private final DeviceMemory memory;

    AparapiBackend(OpenCLDevice device) {
        this.arena = new Arena(device);
        this.kernel = arena.kernel();
        this.embeddings = new EmbeddingLaunches(arena, kernel);
        this.steps = new StepLaunches(this, arena, kernel);
        this.gemmPlan = GemmPlan.forDevice(device.getMaxWorkGroupSize(), device.getLocalMemSize());
        // The arena is one Java float array: at most 2^31 - 1 floats whatever the device allows.
        long arenaCap = (long) Integer.MAX_VALUE * Float.BYTES;
        this.memory = new DeviceMemory(arena.deviceName(), device.getGlobalMemSize(),
                Math.min(device.getMaxMemAllocSize(), arenaCap));
    }

    /** Picks the GEMM kernels by {@code mode} from now on (tests run the blocked kernel on PoCL). */
    void useGemm(GemmPlan.Mode mode) {
        gemmPlan = gemmPlan.withMode(mode);
    }

    @Override
    public DeviceMemory deviceMemory() {
        return memory;
    }

    @Override
    public DeviceCounters counters() {
        return arena.counters();
    }

    /** The plan the GEMMs follow. */
    GemmPlan gemmPlan() {
        return gemmPlan;
    }

    @Override
    public String name() {
        return "opencl:" + arena.deviceName();
    }

    /** Launches the kernel once with nothing to do: compiles it and proves it runs on the device. */
    void launchEmpty() {
        arena.launchEmpty();
    }

    /** The kernel, for tests that imitate what Aparapi does to its arrays. */
    ArenaKernel kernel() {
        return kernel;
    }

    @Override
    public Tensor allocate(int rows, int cols) {
        return new ArenaTensor(this, arena.reserve(rows, cols), rows, cols, rows);
    }

    @Override
    public void write(Tensor dst, float[] src) {
        ArenaTensor d = own(dst);
        arena.write(d.offset(), d.rows(), d.cols(), src);
    }

    @Override
    public void read(Tensor src, float[] dst) {
        ArenaTensor t = own(src);
        arena.read(t.offset(), t.rows(), t.cols(), dst);
    }

    @Override
    public void gatherRows(Tensor src, int[] indices, int offset, Tensor dst) {
        ArenaTensor s = own(src);
        ArenaTensor d = own(dst);
        if (s.cols() != d.cols()) {
            throw new IllegalArgumentException("gather from " + s.cols() + " columns into " + d.cols());
        }
        int rows = d.rows();
        if (rows == 0) {
            return;
        }
        arena.rowIndices(indices, offset, rows, s.rows());
        arena.set(ArenaKernel.OP_GATHER, rows, d.cols());
        kernel.offA = s.offset();
        kernel.offD = d.offset();
        arena.launch1d(d.size(), "gatherRows");
    }

    @Override
    public void copyColumns(Tensor src, int srcColumn, int count, Tensor dst, int dstColumn) {
        embeddings.copyColumns(own(src), srcColumn, count, own(dst), dstColumn);
    }

    @Override
    public void embeddingForward(Tensor x, int idColumn, Tensor table, Tensor out, int outColumn) {
        embeddings.forward(own(x), idColumn, own(table), own(out), outColumn);
    }

    @Override
    public void embeddingBackward(Tensor x, int idColumn, Tensor delta, int deltaColumn, Tensor tableGrad) {
        embeddings.backward(own(x), idColumn, own(delta), deltaColumn, own(tableGrad));
    }

    @Override
    public void gemm(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        launchGemm(own(a), transposeA, own(b), transposeB, own(c), ArenaKernel.EPI_NONE, false);
    }

    /**
     * c = op(a)·op(b) through {@code epilogue} (whose operands the caller has set in the kernel), on the
     * plan's kernel, or on the tiled one when {@code tiledOnly} (the softmax epilogue needs it).
     */
    void launchGemm(ArenaTensor ta, boolean transposeA, ArenaTensor tb, boolean transposeB, ArenaTensor tc,
                    int epilogue, boolean tiledOnly) {
        int m = tc.rows();
        int n = tc.cols();
        int k = transposeA ? ta.rows() : ta.cols();
        int aRows = transposeA ? ta.cols() : ta.rows();
        int bRows = transposeB ? tb.cols() : tb.rows();
        int bCols = transposeB ? tb.rows() : tb.cols();
        if (aRows != m || bRows != k || bCols != n) {
            throw new IllegalArgumentException("gemm shapes: op(a) " + aRows + "x" + k + ", op(b) "
                    + bRows + "x" + bCols + ", c " + m + "x" + n);
        }
        if (m == 0 || n == 0) {
            return;
        }
        boolean blocked = !tiledOnly && gemmPlan.blocked(m, n);
        arena.set(blocked ? ArenaKernel.OP_GEMM_BLOCKED : ArenaKernel.OP_GEMM, m, n);
        kernel.epilogue = epilogue;
        kernel.inner = k;
        kernel.offA = ta.offset();
        kernel.offB = tb.offset();
        kernel.offC = tc.offset();
        // op(A)(i, p) and op(B)(p, j) as strides over the stored row-major arrays.
        kernel.strideAi = transposeA ? 1 : k;
        kernel.strideAp = transposeA ? m : 1;
        kernel.strideBp = transposeB ? 1 : n;
        kernel.strideBj = transposeB ? k : 1;
        if (blocked) {
            arena.launchBlocked(n, m, "gemm");
        } else {
            arena.launchTiled(n, m, "gemm");
        }
    }

    @Override
    public void biasActivation(Tensor z, Tensor bias, ActivationFunction act, Tensor out) {
        ArenaTensor tz = own(z);
        ArenaTensor to = own(out);
        Operands.sameShape(tz, to, "biasActivation");
        arena.set(act == Activation.SOFTMAX ? ArenaKernel.OP_BIAS_SOFTMAX : ArenaKernel.OP_BIAS_ACT, tz.rows(), tz.cols());
        kernel.activation = Operands.code(act);
        kernel.offA = tz.offset();
        kernel.offD = to.offset();
        kernel.hasBias = 0;
        if (bias != null) {
            ArenaTensor tb = own(bias);
            if (tb.size() != tz.cols()) {
                throw new IllegalArgumentException("bias of " + tb.size() + " values for " + tz.cols() + " columns");
            }
            kernel.hasBias = 1;
            kernel.offB = tb.offset();
        }
        arena.launch1d(act == Activation.SOFTMAX ? tz.rows() : tz.size(), "biasActivation");
    }

    @Override
    public void activationBackward(Tensor delta, Tensor z, Tensor out, ActivationFunction act) {
        ArenaTensor td = own(delta);
        ArenaTensor tz = own(z);
        ArenaTensor to = own(out);
        Operands.sameShape(td, tz, "activationBackward");
        Operands.sameShape(td, to, "activationBackward");
        boolean softmax = act == Activation.SOFTMAX;
        arena.set(softmax ? ArenaKernel.OP_SOFTMAX_BACKWARD : ArenaKernel.OP_ACT_BACKWARD, td.rows(), td.cols());
        kernel.activation = Operands.code(act);
        kernel.factor = 1f;
        kernel.offA = tz.offset();
        kernel.offB = to.offset();
        kernel.offD = td.offset();
        arena.launch1d(softmax ? td.rows() : td.size(), "activationBackward");
    }

    @Override
    public double outputDelta(Loss loss, ActivationFunction act, Tensor z, Tensor out, Tensor y, Tensor delta,
                              Tensor rowWeights) {
        int rows = steps.prepareOutputDelta(loss, act, z, out, y, delta, rowWeights);
        return rows == 0 ? 0 : arena.sumRowResults("outputDelta");
    }

    @Override
    public void columnSums(Tensor m, Tensor out) {
        ArenaTensor tm = own(m);
        ArenaTensor to = own(out);
        if (to.size() < tm.cols()) {
            throw new IllegalArgumentException("column sums of " + tm.cols() + " columns into " + to.size() + " values");
        }
        arena.set(ArenaKernel.OP_COLUMN_SUMS, tm.rows(), tm.cols());
        kernel.offA = tm.offset();
        kernel.offD = to.offset();
        arena.launch1d(tm.cols(), "columnSums");
    }

    @Override
    public int countCorrect(Tensor out, Tensor y) {
        return (int) rowMetric(ArenaKernel.OP_COUNT_CORRECT, out, y, "countCorrect");
    }

    @Override
    public double sumSquaredError(Tensor out, Tensor y) {
        return rowMetric(ArenaKernel.OP_SQUARED_ERROR, out, y, "sumSquaredError");
    }

    @Override
    public void sgdStep(Tensor param, Tensor grad, float learningRate) {
        ArenaTensor p = own(param);
        ArenaTensor g = own(grad);
        Operands.sameShape(p, g, "sgdStep");
        arena.set(ArenaKernel.OP_SGD, p.rows(), p.cols());
        kernel.factor = learningRate;
        kernel.offA = g.offset();
        kernel.offD = p.offset();
        arena.launch1d(p.size(), "sgdStep");
    }

    @Override
    public void momentumStep(Tensor param, Tensor grad, Tensor velocity, float learningRate, float momentum,
                             boolean nesterov) {
        ArenaTensor p = own(param);
        ArenaTensor g = own(grad);
        ArenaTensor v = own(velocity);
        Operands.sameShape(p, g, "momentumStep");
        Operands.sameShape(p, v, "momentumStep");
        arena.set(ArenaKernel.OP_MOMENTUM, p.rows(), p.cols());
        kernel.factor = learningRate;
        kernel.momentum = momentum;
        kernel.nesterov = nesterov ? 1f : 0f;
        kernel.offA = g.offset();
        kernel.offB = v.offset();
        kernel.offD = p.offset();
        arena.launch1d(p.size(), "momentumStep");
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float stepSize, float beta1, float beta2,
                         float epsilon, float decay) {
        ArenaTensor p = own(param);
        ArenaTensor g = own(grad);
        ArenaTensor tm = own(m);
        ArenaTensor tv = own(v);
        Operands.sameShape(p, g, "adamStep");
        Operands.sameShape(p, tm, "adamStep");
        Operands.sameShape(p, tv, "adamStep");
        arena.set(ArenaKernel.OP_ADAM, p.rows(), p.cols());
        kernel.factor = stepSize;
        kernel.beta1 = beta1;
        kernel.beta2 = beta2;
        kernel.epsilon = epsilon;
        kernel.decay = decay;
        kernel.offA = g.offset();
        kernel.offB = tm.offset();
        kernel.offC = tv.offset();
        kernel.offD = p.offset();
        arena.launch1d(p.size(), "adamStep");
    }

    @Override
    public void addScaled(Tensor dst, Tensor src, float alpha) {
        ArenaTensor d = own(dst);
        ArenaTensor s = own(src);
        arena.set(ArenaKernel.OP_ADD_SCALED, d.rows(), d.cols());
        kernel.factor = alpha;
        kernel.offA = s.offset();
        kernel.offD = d.offset();
        arena.launch1d(d.size(), "addScaled");
    }

    @Override
    public double sumOfSquares(Tensor t) {
        ArenaTensor a = own(t);
        if (a.size() == 0) {
            return 0;
        }
        arena.set(ArenaKernel.OP_SUM_SQUARES, a.rows(), a.cols());
        kernel.offA = a.offset();
        return arena.sumRowResults("sumOfSquares");
    }

    @Override
    public void scale(Tensor t, float factor) {
        ArenaTensor d = own(t);
        arena.set(ArenaKernel.OP_SCALE, d.rows(), d.cols());
        kernel.factor = factor;
        kernel.offD = d.offset();
        arena.launch1d(d.size(), "scale");
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor dst) {
        ArenaTensor ta = own(a);
        ArenaTensor tb = own(b);
        ArenaTensor d = own(dst);
        arena.set(ArenaKernel.OP_MULTIPLY, d.rows(), d.cols());
        kernel.offA = ta.offset();
        kernel.offB = tb.offset();
        kernel.offD = d.offset();
        arena.launch1d(d.size(), "multiply");
    }

    @Override
    public void columnMoments(Tensor x, Tensor mean, Tensor variance) {
        ArenaTensor tx = own(x);
        BatchNormShapes.perColumn("columnMoments", x, mean, variance);
        if (tx.rows() == 0) {
            return;
        }
        arena.set(ArenaKernel.OP_COLUMN_MOMENTS, tx.rows(), tx.cols());
        kernel.offA = tx.offset();
        kernel.offB = own(mean).offset();
        kernel.offC = own(variance).offset();
        arena.launch1d(tx.cols(), "columnMoments");
    }

    @Override
    public void batchNormForward(Tensor x, Tensor mean, Tensor variance, Tensor gamma, Tensor beta, float epsilon,
                                 Tensor xHat, Tensor out) {
        ArenaTensor tx = own(x);
        BatchNormShapes.perColumn("batchNormForward", x, mean, variance);
        BatchNormShapes.perColumn("batchNormForward", x, gamma, beta);
        BatchNormShapes.sameShape("batchNormForward", x, xHat == null ? x : xHat);
        BatchNormShapes.sameShape("batchNormForward", x, out);
        arena.set(ArenaKernel.OP_BN_FORWARD, tx.rows(), tx.cols());
        kernel.epsilon = epsilon;
        kernel.offA = tx.offset();
        kernel.offB = own(mean).offset();
        kernel.offC = own(variance).offset();
        kernel.offD = own(gamma).offset();
        kernel.offE = own(beta).offset();
        kernel.hasOptional = xHat == null ? 0 : 1;
        kernel.offF = xHat == null ? 0 : own(xHat).offset();
        kernel.offG = own(out).offset();
        arena.launch1d(tx.size(), "batchNormForward");
    }

    @Override
    public void batchNormBackward(Tensor delta, Tensor xHat, Tensor variance, Tensor gamma, float epsilon,
                                  Tensor gammaGrad, Tensor betaGrad, Tensor deltaIn) {
        ArenaTensor td = own(delta);
        BatchNormShapes.perColumn("batchNormBackward", delta, variance, gamma);
        BatchNormShapes.perColumn("batchNormBackward", delta, gammaGrad, betaGrad);
        BatchNormShapes.sameShape("batchNormBackward", delta, xHat);
        BatchNormShapes.sameShape("batchNormBackward", delta, deltaIn == null ? xHat : deltaIn);
        arena.set(ArenaKernel.OP_BN_BACKWARD, td.rows(), td.cols());
        kernel.epsilon = epsilon;
        kernel.offA = td.offset();
        kernel.offB = own(xHat).offset();
        kernel.offC = own(variance).offset();
        kernel.offD = own(gamma).offset();
        kernel.offE = own(gammaGrad).offset();
        kernel.offF = own(betaGrad).offset();
        kernel.hasOptional = deltaIn == null ? 0 : 1;
        kernel.offG = deltaIn == null ? 0 : own(deltaIn).offset();
        arena.launch1d(td.cols(), "batchNormBackward");
    }

    @Override
    public RunningTotals allocateTotals() {
        return steps.allocateTotals();
    }

    @Override
    public void gatherBatch(Tensor srcX, Tensor srcY, int[] indices, int offset, Tensor dstX, Tensor dstY) {
        steps.gatherBatch(own(srcX), own(srcY), indices, offset, own(dstX), own(dstY));
    }

    @Override
    public void denseForward(Tensor x, Tensor w, Tensor bias, ActivationFunction act, Tensor z, Tensor out) {
        steps.denseForward(own(x), own(w), bias == null ? null : own(bias), act, own(z), own(out));
    }

    @Override
    public void lossStep(Loss loss, ActivationFunction act, Tensor z, Tensor out, Tensor y, Tensor delta,
                         Tensor rowWeights, boolean classification, RunningTotals totals) {
        if (steps.owns(totals)) {
            steps.lossStep(loss, act, z, out, y, delta, rowWeights, classification, (DeviceTotals) totals);
        } else {
            Backend.super.lossStep(loss, act, z, out, y, delta, rowWeights, classification, totals);
        }
    }

    @Override
    public void weightGradients(Tensor x, Tensor delta, Tensor weightGrad, Tensor biasGrad) {
        steps.weightGradients(own(x), own(delta), own(weightGrad), biasGrad == null ? null : own(biasGrad));
    }

    @Override
    public void deltaBackward(Tensor delta, Tensor w, Tensor deltaIn, Tensor zBelow, Tensor outBelow,
                              ActivationFunction actBelow) {
        steps.deltaBackward(own(delta), own(w), own(deltaIn), own(zBelow), own(outBelow), actBelow);
    }

    @Override
    public void update(ParameterSet params, UpdateRule rule, StepGuard guard) {
        if (guard == null || steps.owns(guard.totals())) {
            steps.update(params, rule, guard);
        } else {
            Backend.super.update(params, rule, guard);
        }
    }

    /** Folds the last loss step's rows into {@code totals}, before they are read. */
    void foldTotals(DeviceTotals totals) {
        steps.fold(totals);
    }

    @Override
    public void close() {
        arena.close();
    }

    private double rowMetric(int op, Tensor out, Tensor y, String what) {
        ArenaTensor to = own(out);
        ArenaTensor ty = own(y);
        Operands.sameShape(to, ty, what);
        if (to.rows() == 0) {
            return 0;
        }
        arena.set(op, to.rows(), to.cols());
        kernel.offB = to.offset();
        kernel.offC = ty.offset();
        return arena.sumRowResults(what);
    }

    ArenaTensor own(Tensor t) {
        if (t instanceof ArenaTensor at && at.owner() == this) {
            return at;
        }
        throw new IllegalArgumentException("tensor " + t + " does not belong to this OpenCL backend");
    }
}
