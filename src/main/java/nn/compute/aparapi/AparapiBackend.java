package nn.compute.aparapi;

import com.aparapi.Range;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.kernel.KernelManager;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import nn.compute.Activation;
import nn.compute.ActivationFunction;
import nn.compute.Backend;
import nn.compute.BatchNormShapes;
import nn.compute.DeviceUnavailableException;
import nn.compute.Loss;
import nn.compute.Tensor;

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
 * <p>Every launch is pinned to the chosen device; when Aparapi falls back to Java threads (it
 * does so silently) the next check throws {@link DeviceUnavailableException} rather than compute
 * on the CPU unasked.
 */
public final class AparapiBackend implements Backend {
    /** Work-group size of one-dimensional ops. */
    private static final int LOCAL = 64;
    private static final int TILE = ArenaKernel.TILE;

    private final ArenaKernel kernel = new ArenaKernel();
    private final OpenCLDevice device;
    private final String deviceName;
    /**
     * The arena never holds fewer floats than this: 16 MiB and more is a humongous object for every
     * default G1 region size, and G1 does not move humongous objects, so Aparapi keeps its device
     * buffer (see {@link ArenaKernel#CANARY} for what happens when an array moves).
     */
    static final int MIN_ARENA_FLOATS = (16 << 20) / Float.BYTES + 1024;

    /** Floats of the arena handed out so far; slot 0 is the canary. */
    private int used = 1;
    /** Whether the kernel has run, so the device holds buffers. */
    private boolean launched;
    /** Whether the host arena is newer than the device's (or the device has none): put before launching. */
    private boolean arenaDirty = true;
    /** Rows of {@code kernel.rowIndex} that hold the indices of the last gather, -1 when none. */
    private int indexedRows = -1;

    AparapiBackend(OpenCLDevice device) {
        this.device = device;
        this.deviceName = device.getName().trim();
        // Copy semantics even on a CPU device: a missing put or get shows up on PoCL as on a GPU.
        device.setSharedMemory(false);
        kernel.setExplicit(true);
        kernel.arena = new float[MIN_ARENA_FLOATS];
        // Preferences are kept per kernel class; one device per JVM process is what we support.
        KernelManager.instance().setPreferredDevices(kernel, new LinkedHashSet<>(List.of(device)));
    }

    @Override
    public String name() {
        return "opencl:" + deviceName;
    }

    /** Launches the kernel once with nothing to do: compiles it and proves it runs on the device. */
    void launchEmpty() {
        kernel.op = ArenaKernel.OP_EMPTY;
        launch(Range.create(device, LOCAL, LOCAL), "an empty launch");
    }

    /** The kernel, for tests that imitate what Aparapi does to its arrays. */
    ArenaKernel kernel() {
        return kernel;
    }

    @Override
    public Tensor allocate(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
        }
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 16L - used) {
            throw new IllegalArgumentException("tensor " + rows + "x" + cols + " does not fit in the 2^31-float arena");
        }
        ensureArena(used + (int) size);
        ArenaTensor t = new ArenaTensor(this, used, rows, cols, rows);
        used += (int) size;
        return t;
    }

    @Override
    public void write(Tensor dst, float[] src) {
        ArenaTensor d = own(dst);
        int size = d.size();
        if (hostIsCurrent()) {
            System.arraycopy(src, 0, kernel.arena, d.offset(), size);
            arenaDirty = true;
            return;
        }
        ensureStaging(size);
        System.arraycopy(src, 0, kernel.staging, 0, size);
        kernel.put(kernel.staging);
        set(ArenaKernel.OP_COPY_IN, d.rows(), d.cols());
        kernel.offD = d.offset();
        launch1d(size, "write");
    }

    @Override
    public void read(Tensor src, float[] dst) {
        ArenaTensor s = own(src);
        int size = s.size();
        if (hostIsCurrent()) {
            System.arraycopy(kernel.arena, s.offset(), dst, 0, size);
            return;
        }
        ensureStaging(size);
        set(ArenaKernel.OP_COPY_OUT, s.rows(), s.cols());
        kernel.offA = s.offset();
        launch1d(Math.max(size, 1), "read");
        kernel.get(kernel.staging);
        checkCanary(kernel.staging[size], "read");
        System.arraycopy(kernel.staging, 0, dst, 0, size);
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
        if (!(indexedRows == rows && Arrays.equals(kernel.rowIndex, 0, rows, indices, offset, offset + rows))) {
            for (int r = 0; r < rows; r++) {
                int index = indices[offset + r];
                if (index < 0 || index >= s.rows()) {
                    throw new IndexOutOfBoundsException("row index " + index + " outside 0.." + (s.rows() - 1));
                }
            }
            if (kernel.rowIndex.length < rows) {
                kernel.rowIndex = new int[rows];
            }
            System.arraycopy(indices, offset, kernel.rowIndex, 0, rows);
            kernel.put(kernel.rowIndex);
            indexedRows = rows;
        }
        set(ArenaKernel.OP_GATHER, rows, d.cols());
        kernel.offA = s.offset();
        kernel.offD = d.offset();
        launch1d(d.size(), "gatherRows");
    }

    @Override
    public void gemm(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        ArenaTensor ta = own(a);
        ArenaTensor tb = own(b);
        ArenaTensor tc = own(c);
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
        set(ArenaKernel.OP_GEMM, m, n);
        kernel.inner = k;
        kernel.offA = ta.offset();
        kernel.offB = tb.offset();
        kernel.offC = tc.offset();
        // op(A)(i, p) and op(B)(p, j) as strides over the stored row-major arrays.
        kernel.strideAi = transposeA ? 1 : k;
        kernel.strideAp = transposeA ? m : 1;
        kernel.strideBp = transposeB ? 1 : n;
        kernel.strideBj = transposeB ? k : 1;
        launch(Range.create2D(device, padded(n, TILE), padded(m, TILE), TILE, TILE), "gemm");
    }

    @Override
    public void biasActivation(Tensor z, Tensor bias, ActivationFunction act, Tensor out) {
        ArenaTensor tz = own(z);
        ArenaTensor to = own(out);
        sameShape(tz, to, "biasActivation");
        set(act == Activation.SOFTMAX ? ArenaKernel.OP_BIAS_SOFTMAX : ArenaKernel.OP_BIAS_ACT, tz.rows(), tz.cols());
        kernel.activation = code(act);
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
        launch1d(act == Activation.SOFTMAX ? tz.rows() : tz.size(), "biasActivation");
    }

    @Override
    public void activationBackward(Tensor delta, Tensor z, Tensor out, ActivationFunction act) {
        ArenaTensor td = own(delta);
        ArenaTensor tz = own(z);
        ArenaTensor to = own(out);
        sameShape(td, tz, "activationBackward");
        sameShape(td, to, "activationBackward");
        boolean softmax = act == Activation.SOFTMAX;
        set(softmax ? ArenaKernel.OP_SOFTMAX_BACKWARD : ArenaKernel.OP_ACT_BACKWARD, td.rows(), td.cols());
        kernel.activation = code(act);
        kernel.factor = 1f;
        kernel.offA = tz.offset();
        kernel.offB = to.offset();
        kernel.offD = td.offset();
        launch1d(softmax ? td.rows() : td.size(), "activationBackward");
    }

    @Override
    public double outputDelta(Loss loss, ActivationFunction act, Tensor z, Tensor out, Tensor y, Tensor delta,
                              Tensor rowWeights) {
        ArenaTensor tw = rowWeights == null ? null : own(rowWeights);
        if (tw != null && (tw.rows() != out.rows() || tw.cols() != 1)) {
            throw new IllegalArgumentException("row weights of " + tw.rows() + " x " + tw.cols() + " for "
                    + out.rows() + " rows; expected one column");
        }
        ArenaTensor tz = own(z);
        ArenaTensor to = own(out);
        ArenaTensor ty = own(y);
        ArenaTensor td = own(delta);
        sameShape(to, tz, "outputDelta");
        sameShape(to, ty, "outputDelta");
        sameShape(to, td, "outputDelta");
        int rows = to.rows();
        if (rows == 0) {
            return 0;
        }
        float perRow = 1f / rows;
        set(ArenaKernel.OP_OUTPUT_DELTA, rows, to.cols());
        kernel.activation = code(act);
        kernel.lossCode = code(loss);
        // The same float arithmetic as the Java backend's scale factors.
        kernel.factor = act == Activation.SIGMOID && loss == Loss.BINARY_CROSSENTROPY ? perRow / to.cols() : perRow;
        kernel.offA = tz.offset();
        kernel.offB = to.offset();
        kernel.offC = ty.offset();
        kernel.offD = td.offset();
        kernel.hasRowWeights = tw == null ? 0 : 1;
        kernel.offE = tw == null ? 0 : tw.offset();
        return sumRowResults("outputDelta");
    }

    @Override
    public void columnSums(Tensor m, Tensor out) {
        ArenaTensor tm = own(m);
        ArenaTensor to = own(out);
        if (to.size() < tm.cols()) {
            throw new IllegalArgumentException("column sums of " + tm.cols() + " columns into " + to.size() + " values");
        }
        set(ArenaKernel.OP_COLUMN_SUMS, tm.rows(), tm.cols());
        kernel.offA = tm.offset();
        kernel.offD = to.offset();
        launch1d(tm.cols(), "columnSums");
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
        sameShape(p, g, "sgdStep");
        set(ArenaKernel.OP_SGD, p.rows(), p.cols());
        kernel.factor = learningRate;
        kernel.offA = g.offset();
        kernel.offD = p.offset();
        launch1d(p.size(), "sgdStep");
    }

    @Override
    public void momentumStep(Tensor param, Tensor grad, Tensor velocity, float learningRate, float momentum,
                             boolean nesterov) {
        ArenaTensor p = own(param);
        ArenaTensor g = own(grad);
        ArenaTensor v = own(velocity);
        sameShape(p, g, "momentumStep");
        sameShape(p, v, "momentumStep");
        set(ArenaKernel.OP_MOMENTUM, p.rows(), p.cols());
        kernel.factor = learningRate;
        kernel.momentum = momentum;
        kernel.nesterov = nesterov ? 1f : 0f;
        kernel.offA = g.offset();
        kernel.offB = v.offset();
        kernel.offD = p.offset();
        launch1d(p.size(), "momentumStep");
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float stepSize, float beta1, float beta2,
                         float epsilon, float decay) {
        ArenaTensor p = own(param);
        ArenaTensor g = own(grad);
        ArenaTensor tm = own(m);
        ArenaTensor tv = own(v);
        sameShape(p, g, "adamStep");
        sameShape(p, tm, "adamStep");
        sameShape(p, tv, "adamStep");
        set(ArenaKernel.OP_ADAM, p.rows(), p.cols());
        kernel.factor = stepSize;
        kernel.beta1 = beta1;
        kernel.beta2 = beta2;
        kernel.epsilon = epsilon;
        kernel.decay = decay;
        kernel.offA = g.offset();
        kernel.offB = tm.offset();
        kernel.offC = tv.offset();
        kernel.offD = p.offset();
        launch1d(p.size(), "adamStep");
    }

    @Override
    public void addScaled(Tensor dst, Tensor src, float alpha) {
        ArenaTensor d = own(dst);
        ArenaTensor s = own(src);
        set(ArenaKernel.OP_ADD_SCALED, d.rows(), d.cols());
        kernel.factor = alpha;
        kernel.offA = s.offset();
        kernel.offD = d.offset();
        launch1d(d.size(), "addScaled");
    }

    @Override
    public double sumOfSquares(Tensor t) {
        ArenaTensor a = own(t);
        if (a.size() == 0) {
            return 0;
        }
        set(ArenaKernel.OP_SUM_SQUARES, a.rows(), a.cols());
        kernel.offA = a.offset();
        return sumRowResults("sumOfSquares");
    }

    @Override
    public void scale(Tensor t, float factor) {
        ArenaTensor d = own(t);
        set(ArenaKernel.OP_SCALE, d.rows(), d.cols());
        kernel.factor = factor;
        kernel.offD = d.offset();
        launch1d(d.size(), "scale");
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor dst) {
        ArenaTensor ta = own(a);
        ArenaTensor tb = own(b);
        ArenaTensor d = own(dst);
        set(ArenaKernel.OP_MULTIPLY, d.rows(), d.cols());
        kernel.offA = ta.offset();
        kernel.offB = tb.offset();
        kernel.offD = d.offset();
        launch1d(d.size(), "multiply");
    }

    @Override
    public void columnMoments(Tensor x, Tensor mean, Tensor variance) {
        ArenaTensor tx = own(x);
        BatchNormShapes.perColumn("columnMoments", x, mean, variance);
        if (tx.rows() == 0) {
            return;
        }
        set(ArenaKernel.OP_COLUMN_MOMENTS, tx.rows(), tx.cols());
        kernel.offA = tx.offset();
        kernel.offB = own(mean).offset();
        kernel.offC = own(variance).offset();
        launch1d(tx.cols(), "columnMoments");
    }

    @Override
    public void batchNormForward(Tensor x, Tensor mean, Tensor variance, Tensor gamma, Tensor beta, float epsilon,
                                 Tensor xHat, Tensor out) {
        ArenaTensor tx = own(x);
        BatchNormShapes.perColumn("batchNormForward", x, mean, variance);
        BatchNormShapes.perColumn("batchNormForward", x, gamma, beta);
        BatchNormShapes.sameShape("batchNormForward", x, xHat == null ? x : xHat);
        BatchNormShapes.sameShape("batchNormForward", x, out);
        set(ArenaKernel.OP_BN_FORWARD, tx.rows(), tx.cols());
        kernel.epsilon = epsilon;
        kernel.offA = tx.offset();
        kernel.offB = own(mean).offset();
        kernel.offC = own(variance).offset();
        kernel.offD = own(gamma).offset();
        kernel.offE = own(beta).offset();
        kernel.hasOptional = xHat == null ? 0 : 1;
        kernel.offF = xHat == null ? 0 : own(xHat).offset();
        kernel.offG = own(out).offset();
        launch1d(tx.size(), "batchNormForward");
    }

    @Override
    public void batchNormBackward(Tensor delta, Tensor xHat, Tensor variance, Tensor gamma, float epsilon,
                                  Tensor gammaGrad, Tensor betaGrad, Tensor deltaIn) {
        ArenaTensor td = own(delta);
        BatchNormShapes.perColumn("batchNormBackward", delta, variance, gamma);
        BatchNormShapes.perColumn("batchNormBackward", delta, gammaGrad, betaGrad);
        BatchNormShapes.sameShape("batchNormBackward", delta, xHat);
        BatchNormShapes.sameShape("batchNormBackward", delta, deltaIn == null ? xHat : deltaIn);
        set(ArenaKernel.OP_BN_BACKWARD, td.rows(), td.cols());
        kernel.epsilon = epsilon;
        kernel.offA = td.offset();
        kernel.offB = own(xHat).offset();
        kernel.offC = own(variance).offset();
        kernel.offD = own(gamma).offset();
        kernel.offE = own(gammaGrad).offset();
        kernel.offF = own(betaGrad).offset();
        kernel.hasOptional = deltaIn == null ? 0 : 1;
        kernel.offG = deltaIn == null ? 0 : own(deltaIn).offset();
        launch1d(td.cols(), "batchNormBackward");
    }

    @Override
    public void close() {
        // Disposing a kernel that never ran (only compiled) crashes the JVM in Aparapi 3.0.2.
        if (launched) {
            kernel.dispose();
            launched = false;
        }
    }

    private double rowMetric(int op, Tensor out, Tensor y, String what) {
        ArenaTensor to = own(out);
        ArenaTensor ty = own(y);
        sameShape(to, ty, what);
        if (to.rows() == 0) {
            return 0;
        }
        set(op, to.rows(), to.cols());
        kernel.offB = to.offset();
        kernel.offC = ty.offset();
        return sumRowResults(what);
    }

    /** Runs the op set up in the kernel, one work item per row, and sums its per-row results in row order. */
    private double sumRowResults(String what) {
        int rows = kernel.rows;
        if (kernel.rowResult.length < rows + 1) {
            kernel.rowResult = new float[rows + 1];
        }
        launch1d(rows, what);
        kernel.get(kernel.rowResult);
        checkCanary(kernel.rowResult[rows], what);
        double total = 0;
        for (int r = 0; r < rows; r++) {
            total += kernel.rowResult[r];
        }
        return total;
    }

    private void set(int op, int rows, int cols) {
        kernel.op = op;
        kernel.rows = rows;
        kernel.cols = cols;
    }

    private void launch1d(int workItems, String what) {
        if (workItems > 0) {
            launch(Range.create(device, padded(workItems, LOCAL), LOCAL), what);
        }
    }

    private void launch(Range range, String what) {
        if (arenaDirty) {
            kernel.arena[ArenaKernel.CANARY] = 0f;
            kernel.put(kernel.arena);
            arenaDirty = false;
            int op = kernel.op;
            kernel.op = ArenaKernel.OP_MARK;
            execute(Range.create(device, LOCAL, LOCAL), "marking the arena");
            kernel.op = op;
        }
        execute(range, what);
    }

    private void execute(Range range, String what) {
        try {
            kernel.execute(range);
        } catch (RuntimeException | AssertionError e) {
            // Aparapi's fall-back path can end in an AssertionError when no other device is left.
            throw fellBack(what, e);
        } finally {
            launched = true;
        }
        // Aparapi falls back to Java threads without telling the caller; its preferences say so.
        if (!kernel.isRunningCL()
                || !KernelManager.instance().getPreferences(kernel).getFailedDevices().isEmpty()) {
            throw fellBack(what, null);
        }
    }

    private DeviceUnavailableException fellBack(String what, Throwable cause) {
        DeviceUnavailableException e = new DeviceUnavailableException("the OpenCL device '" + deviceName
                + "' failed while running " + what + " and Aparapi gave up on it; use device: java, or check the "
                + "OpenCL driver (-Dcom.aparapi.logLevel=WARNING shows Aparapi's reason)");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private void checkCanary(float deviceValue, String what) {
        if (deviceValue != 1f) {
            throw new DeviceUnavailableException("the OpenCL device's copy of the tensors was replaced by a stale host "
                    + "copy during " + what + " (Aparapi re-creates a buffer when the garbage collector moves its array); "
                    + "results would be wrong, so the run stops. Use device: java, or run with the G1 collector "
                    + "(-XX:+UseG1GC), which does not move the 16 MiB arena");
        }
    }

    /** Whether the host arena holds the newest values: before the first launch, or after a grow. */
    private boolean hostIsCurrent() {
        return !launched || arenaDirty;
    }

    private void ensureArena(int needed) {
        if (needed <= kernel.arena.length) {
            return;
        }
        if (!hostIsCurrent()) {
            kernel.get(kernel.arena);
        }
        int grown = (int) Math.min(Integer.MAX_VALUE - 8L,
                Math.max(needed, Math.max(MIN_ARENA_FLOATS, kernel.arena.length * 3L / 2)));
        kernel.arena = Arrays.copyOf(kernel.arena, grown);
        arenaDirty = true;
    }

    private void ensureStaging(int size) {
        // One more float for the canary that reads carry back.
        if (kernel.staging.length < size + 1) {
            kernel.staging = new float[size + 1];
        }
    }

    private ArenaTensor own(Tensor t) {
        if (t instanceof ArenaTensor at && at.owner() == this) {
            return at;
        }
        throw new IllegalArgumentException("tensor " + t + " does not belong to this OpenCL backend");
    }

    private static void sameShape(ArenaTensor a, ArenaTensor b, String what) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException(what + ": shapes " + a.rows() + "x" + a.cols() + " and " + b.rows()
                    + "x" + b.cols() + " differ");
        }
    }

    private static int padded(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }

    private static int code(ActivationFunction function) {
        if (!(function instanceof Activation act)) {
            // Refused at start-up by Devices.open; reaching here would mean computing something else.
            throw new DeviceUnavailableException("the custom activation '" + function.yamlName()
                    + "' has no OpenCL kernel; it runs on the Java backend (device: java or auto)");
        }
        return switch (act) {
            case LINEAR -> ArenaKernel.ACT_LINEAR;
            case RELU -> ArenaKernel.ACT_RELU;
            case LEAKY_RELU -> ArenaKernel.ACT_LEAKY_RELU;
            case SIGMOID -> ArenaKernel.ACT_SIGMOID;
            case TANH -> ArenaKernel.ACT_TANH;
            case SOFTMAX -> ArenaKernel.ACT_SOFTMAX;
        };
    }

    private static int code(Loss loss) {
        return switch (loss) {
            case BINARY_CROSSENTROPY -> ArenaKernel.LOSS_BCE;
            case CATEGORICAL_CROSSENTROPY -> ArenaKernel.LOSS_CE;
            case MEAN_SQUARED_ERROR -> ArenaKernel.LOSS_MSE;
        };
    }
}
