package nn.compute.java;

import java.util.Arrays;
import java.util.List;
import nn.compute.Activation;
import nn.compute.ActivationFunction;
import nn.compute.Backend;
import nn.compute.BatchNormShapes;
import nn.compute.Loss;
import nn.compute.ParameterSet;
import nn.compute.StepGuard;
import nn.compute.Tensor;
import nn.compute.UpdateRule;

/**
 * The CPU backend. Matrix products run on a packed, blocked kernel (the Vector API one when the
 * JVM has {@code jdk.incubator.vector}, else loops C2 auto-vectorises); products and the large
 * elementwise ops are split over a fixed pool of threads by output rows (or columns), small ones
 * run on the caller; losses and reductions run on the caller in a fixed order. The fused step
 * ops run as few parallel regions as they can (a layer's product with its bias + activation or
 * activation' epilogue in one, the whole guarded update in two), each giving the bits of the
 * single ops it replaces. Results do not depend on the thread count, and a training step
 * allocates nothing once warmed up.
 */
public final class JavaBackend implements Backend {

    private final WorkerPool pool;
    private final GemmKernel gemm;
    private final RowOps rowOps;
    private final BatchNormOps batchNorm = new BatchNormOps();
    private final ElementOps elementOps;
    private final FusedUpdate fusedUpdate;
    private final BatchGather batchGather;
    private final ColumnSumBlocks columnSumBlocks = new ColumnSumBlocks();

    /**
     * A backend with {@code threads} threads in all, the caller's included; products use the
     * Vector API kernel when the JVM has {@code jdk.incubator.vector}, else the scalar one. The
     * vector width is {@code NN_VECTOR_BITS} when set, else the one calibrated for this CPU.
     *
     * @throws nn.compute.DeviceUnavailableException when NN_VECTOR_BITS is invalid or too wide for the CPU
     */
    public JavaBackend(int threads) {
        this(threads, true, 0);
    }

    /** As {@link #JavaBackend(int)}; {@code preferVector} false forces the scalar kernel (tests, comparisons). */
    JavaBackend(int threads, boolean preferVector) {
        this(threads, preferVector, 0);
    }

    private JavaBackend(int threads, boolean preferVector, int vectorBits) {
        this.pool = new WorkerPool(threads);
        this.gemm = GemmKernel.create(pool, preferVector, vectorBits);
        this.rowOps = new RowOps(pool, ReluLoops.of(gemm));
        this.elementOps = new ElementOps(pool);
        this.fusedUpdate = new FusedUpdate(pool);
        this.batchGather = new BatchGather(pool);
    }

    /**
     * A backend whose products run with {@code bits}-bit vectors (one of {@link #vectorWidths()}),
     * whatever NN_VECTOR_BITS says: tests prove every width on one machine.
     */
    public static JavaBackend withVectorBits(int threads, int bits) {
        return new JavaBackend(threads, true, bits);
    }

    /** The vector widths in bits this JVM and CPU run natively; empty without {@code jdk.incubator.vector}. */
    public static List<Integer> vectorWidths() {
        return Arrays.stream(GemmKernel.vectorWidths()).boxed().toList();
    }

    /** The matrix-product kernel in use: {@code vector-512} (Vector API, 512-bit), ..., or {@code scalar}. */
    public String kernel() {
        return gemm.name();
    }

    @Override
    public String kernelName() {
        return gemm.name();
    }

    /** Bits per vector of the product kernel; 0 for the scalar one. */
    public int vectorBits() {
        return gemm.vectorBits();
    }

    @Override
    public double fmaPeakGflops() {
        return gemm.fmaPeakGflops();
    }

    /** Threads this backend splits products over. */
    public int threads() {
        return pool.threads();
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public Tensor allocate(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
        }
        return new JavaTensor(new float[Math.multiplyExact(rows, cols)], rows, cols);
    }

    @Override
    public void write(Tensor dst, float[] src) {
        System.arraycopy(src, 0, data(dst), 0, dst.size());
    }

    @Override
    public void read(Tensor src, float[] dst) {
        System.arraycopy(data(src), 0, dst, 0, src.size());
    }

    @Override
    public void gatherRows(Tensor src, int[] indices, int offset, Tensor dst) {
        float[] s = data(src);
        float[] d = data(dst);
        int cols = src.cols();
        for (int r = 0; r < dst.rows(); r++) {
            System.arraycopy(s, indices[offset + r] * cols, d, r * cols, cols);
        }
    }

    /** Both in one region, split over the batch's rows. */
    @Override
    public void gatherBatch(Tensor srcX, Tensor srcY, int[] indices, int offset, Tensor dstX, Tensor dstY) {
        if (dstX.rows() != dstY.rows() || srcX.cols() != dstX.cols() || srcY.cols() != dstY.cols()) {
            throw new IllegalArgumentException("gatherBatch: " + srcX + " and " + srcY + " into " + dstX + " and " + dstY);
        }
        batchGather.gather(data(srcX), srcX.cols(), data(srcY), srcY.cols(), indices, offset, data(dstX), data(dstY),
                dstX.rows());
    }

    @Override
    public void copyColumns(Tensor src, int srcColumn, int count, Tensor dst, int dstColumn) {
        checkColumns(src, srcColumn, count, dst, dstColumn);
        float[] s = data(src);
        float[] d = data(dst);
        for (int r = 0; r < dst.rows(); r++) {
            System.arraycopy(s, r * src.cols() + srcColumn, d, r * dst.cols() + dstColumn, count);
        }
    }

    @Override
    public void embeddingForward(Tensor x, int idColumn, Tensor table, Tensor out, int outColumn) {
        checkColumns(x, idColumn, 1, out, outColumn + table.cols() - 1);
        float[] xs = data(x);
        float[] t = data(table);
        float[] o = data(out);
        int dim = table.cols();
        for (int r = 0; r < out.rows(); r++) {
            int id = Backend.embeddingId(xs[r * x.cols() + idColumn], table.rows());
            System.arraycopy(t, id * dim, o, r * out.cols() + outColumn, dim);
        }
    }

    /** Rows in order into each table row: the sum order the device's one-work-item-per-cell kernel also uses. */
    @Override
    public void embeddingBackward(Tensor x, int idColumn, Tensor delta, int deltaColumn, Tensor tableGrad) {
        checkColumns(x, idColumn, 1, delta, deltaColumn + tableGrad.cols() - 1);
        float[] xs = data(x);
        float[] dl = data(delta);
        float[] g = data(tableGrad);
        int dim = tableGrad.cols();
        Arrays.fill(g, 0, tableGrad.size(), 0f);
        for (int r = 0; r < delta.rows(); r++) {
            int id = Backend.embeddingId(xs[r * x.cols() + idColumn], tableGrad.rows());
            int from = r * delta.cols() + deltaColumn;
            for (int k = 0; k < dim; k++) {
                g[id * dim + k] += dl[from + k];
            }
        }
    }

    private static void checkColumns(Tensor src, int srcColumn, int count, Tensor dst, int dstColumn) {
        if (srcColumn < 0 || srcColumn + count > src.cols() || dstColumn < 0 || dstColumn + count > dst.cols()
                || src.rows() < dst.rows()) {
            throw new IllegalArgumentException("columns " + srcColumn + "+" + count + " of " + src.rows() + "x"
                    + src.cols() + " do not fit column " + dstColumn + " of " + dst.rows() + "x" + dst.cols());
        }
    }

    @Override
    public void gemm(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        int m = c.rows();
        int n = c.cols();
        int k = transposeA ? a.rows() : a.cols();
        int aRows = transposeA ? a.cols() : a.rows();
        int bRows = transposeB ? b.cols() : b.rows();
        int bCols = transposeB ? b.rows() : b.cols();
        if (aRows != m || bRows != k || bCols != n) {
            throw new IllegalArgumentException("gemm shapes: op(a) " + aRows + "x" + k + ", op(b) "
                    + bRows + "x" + bCols + ", c " + m + "x" + n);
        }
        gemm.multiply(data(a), transposeA, data(b), transposeB, data(c), m, n, k);
    }

    /** The product and its bias + activation in one parallel region where the kernel fuses them. */
    @Override
    public void denseForward(Tensor x, Tensor w, Tensor bias, ActivationFunction act, Tensor z, Tensor out) {
        int m = z.rows();
        int n = z.cols();
        int k = x.cols();
        if (x.rows() != m || w.rows() != k || w.cols() != n || out.rows() != m || out.cols() != n
                || bias != null && bias.size() != n) {
            throw new IllegalArgumentException("denseForward shapes: x " + x + ", w " + w + ", z " + z + ", out " + out);
        }
        GemmKernel.Epilogue epilogue = rowOps.biasActivationBlocks(data(z), bias == null ? null : data(bias), act,
                data(out), n);
        if (!gemm.multiplyThen(data(x), false, data(w), false, data(z), m, n, k, epilogue)) {
            gemm(x, false, w, false, z);
            biasActivation(z, bias, act, out);
        }
    }

    /** xᵀ·δ with δ's column sums (the bias gradient) in one parallel region where the kernel fuses them. */
    @Override
    public void weightGradients(Tensor x, Tensor delta, Tensor weightGrad, Tensor biasGrad) {
        int m = weightGrad.rows();
        int n = weightGrad.cols();
        int k = x.rows();
        if (x.cols() != m || delta.rows() != k || delta.cols() != n || biasGrad != null && biasGrad.size() != n) {
            throw new IllegalArgumentException("weightGradients shapes: x " + x + ", delta " + delta + ", grad "
                    + weightGrad);
        }
        if (biasGrad == null) {
            gemm(x, true, delta, false, weightGrad);
            return;
        }
        columnSumBlocks.set(data(delta), data(biasGrad), k, n, m);
        if (!gemm.multiplyThen(data(x), true, data(delta), false, data(weightGrad), m, n, k, columnSumBlocks)) {
            gemm(x, true, delta, false, weightGrad);
            columnSums(delta, biasGrad);
        }
    }

    /** δ·Wᵀ and the activation' below it in one parallel region where the kernel fuses them. */
    @Override
    public void deltaBackward(Tensor delta, Tensor w, Tensor deltaIn, Tensor zBelow, Tensor outBelow,
                              ActivationFunction actBelow) {
        int m = deltaIn.rows();
        int n = deltaIn.cols();
        int k = delta.cols();
        if (delta.rows() != m || w.cols() != k || w.rows() != n || zBelow.rows() < m || zBelow.cols() != n
                || outBelow.rows() < m || outBelow.cols() != n) {
            throw new IllegalArgumentException("deltaBackward shapes: delta " + delta + ", w " + w + ", deltaIn "
                    + deltaIn + ", z " + zBelow);
        }
        GemmKernel.Epilogue epilogue = rowOps.activationBackwardBlocks(data(deltaIn), data(zBelow), data(outBelow),
                actBelow, n);
        if (!gemm.multiplyThen(data(delta), false, data(w), true, data(deltaIn), m, n, k, epilogue)) {
            gemm(delta, false, w, true, deltaIn);
            activationBackward(deltaIn, zBelow, outBelow, actBelow);
        }
    }

    @Override
    public void biasActivation(Tensor z, Tensor bias, ActivationFunction act, Tensor out) {
        rowOps.biasActivation(data(z), bias == null ? null : data(bias), act, data(out), z.rows(), z.cols());
    }

    @Override
    public void activationBackward(Tensor delta, Tensor z, Tensor out, ActivationFunction act) {
        rowOps.activationBackward(data(delta), data(z), data(out), act, delta.rows(), delta.cols());
    }

    @Override
    public double outputDelta(Loss loss, ActivationFunction act, Tensor z, Tensor out, Tensor y, Tensor delta,
                              Tensor rowWeights) {
        double unweighted = outputDelta(loss, act, data(z), data(out), data(y), data(delta), out.rows(), out.cols());
        if (rowWeights == null) {
            return unweighted;
        }
        if (rowWeights.rows() != out.rows() || rowWeights.cols() != 1) {
            throw new IllegalArgumentException("row weights of " + rowWeights.rows() + " x " + rowWeights.cols()
                    + " for " + out.rows() + " rows; expected one column");
        }
        // δ is linear in the row's weight, so scale the unweighted δ; the loss needs each row's own
        // value, which the unweighted pass summed away, so it is recomputed per row (output layer only).
        float[] w = data(rowWeights);
        float[] dd = data(delta);
        int cols = out.cols();
        double total = 0;
        for (int r = 0; r < out.rows(); r++) {
            total += w[r] * LossMath.rowLoss(loss, act, data(z), data(out), data(y), r * cols, cols);
            for (int j = r * cols; j < (r + 1) * cols; j++) {
                dd[j] *= w[r];
            }
        }
        return total;
    }

    private double outputDelta(Loss loss, ActivationFunction act, float[] zd, float[] od, float[] yd, float[] dd,
                               int rows, int cols) {
        float perRow = 1f / rows;
        double total = 0;
        if (act == Activation.SIGMOID && loss == Loss.BINARY_CROSSENTROPY) {
            // The canonical pair: the loss from logits (stable) and δ = (Ŷ − Y)/(n·k).
            float scale = perRow / cols;
            for (int i = 0; i < rows * cols; i++) {
                total += LossMath.binaryCrossEntropyFromLogit(zd[i], yd[i]) / cols;
                dd[i] = (od[i] - yd[i]) * scale;
            }
            return total;
        }
        if (act == Activation.SOFTMAX && loss == Loss.CATEGORICAL_CROSSENTROPY) {
            return elementOps.softmaxCrossEntropy(zd, od, yd, dd, rows, cols);
        }
        // Any other pair: δ = ∂L/∂Ŷ pushed back through the activation.
        for (int i = 0; i < rows * cols; i++) {
            total += LossMath.elementLoss(loss, od[i], yd[i], cols);
            dd[i] = LossMath.elementGradient(loss, od[i], yd[i], cols);
        }
        if (act == Activation.SOFTMAX) {
            for (int r = 0; r < rows; r++) {
                Softmax.jacobianProduct(dd, od, r * cols, cols, perRow);
            }
        } else {
            for (int i = 0; i < rows * cols; i++) {
                dd[i] *= act.derivative(zd[i], od[i]) * perRow;
            }
        }
        return total;
    }

    @Override
    public void columnSums(Tensor m, Tensor out) {
        elementOps.columnSums(data(m), data(out), m.rows(), m.cols());
    }

    @Override
    public int countCorrect(Tensor out, Tensor y) {
        float[] od = data(out);
        float[] yd = data(y);
        int cols = out.cols();
        int correct = 0;
        for (int r = 0; r < out.rows(); r++) {
            int o = r * cols;
            if (cols == 1) {
                correct += (od[o] >= 0.5f) == (yd[o] >= 0.5f) ? 1 : 0;
            } else {
                correct += argmax(od, o, cols) == argmax(yd, o, cols) ? 1 : 0;
            }
        }
        return correct;
    }

    private static int argmax(float[] v, int o, int cols) {
        int best = 0;
        for (int j = 1; j < cols; j++) {
            if (v[o + j] > v[o + best]) {
                best = j;
            }
        }
        return best;
    }

    @Override
    public double sumSquaredError(Tensor out, Tensor y) {
        float[] od = data(out);
        float[] yd = data(y);
        double sum = 0;
        for (int i = 0; i < out.size(); i++) {
            double d = od[i] - yd[i];
            sum += d * d;
        }
        return sum;
    }

    @Override
    public void sgdStep(Tensor param, Tensor grad, float learningRate) {
        rowOps.sgd(data(param), data(grad), learningRate, param.size());
    }

    @Override
    public void momentumStep(Tensor param, Tensor grad, Tensor velocity, float learningRate, float momentum,
                             boolean nesterov) {
        elementOps.momentum(data(param), data(grad), data(velocity), learningRate, momentum, nesterov, param.size());
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float stepSize, float beta1, float beta2,
                         float epsilon, float decay) {
        elementOps.adam(data(param), data(grad), data(m), data(v), stepSize, beta1, beta2, epsilon, decay,
                param.size());
    }

    /** The guarded step over every parameter in two parallel regions, bit for bit the default's result. */
    @Override
    public void update(ParameterSet params, UpdateRule rule, StepGuard guard) {
        fusedUpdate.update(params, rule, guard);
    }

    @Override
    public void addScaled(Tensor dst, Tensor src, float alpha) {
        elementOps.addScaled(data(dst), data(src), alpha, dst.size());
    }

    @Override
    public double sumOfSquares(Tensor t) {
        return elementOps.sumOfSquares(data(t), t.size());
    }

    @Override
    public void scale(Tensor t, float factor) {
        elementOps.scale(data(t), factor, t.size());
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor dst) {
        elementOps.multiply(data(a), data(b), data(dst), dst.size());
    }

    @Override
    public void columnMoments(Tensor x, Tensor mean, Tensor variance) {
        BatchNormShapes.perColumn("columnMoments", x, mean, variance);
        batchNorm.moments(data(x), x.rows(), x.cols(), data(mean), data(variance));
    }

    @Override
    public void batchNormForward(Tensor x, Tensor mean, Tensor variance, Tensor gamma, Tensor beta, float epsilon,
                                 Tensor xHat, Tensor out) {
        BatchNormShapes.perColumn("batchNormForward", x, mean, variance);
        BatchNormShapes.perColumn("batchNormForward", x, gamma, beta);
        BatchNormShapes.sameShape("batchNormForward", x, xHat == null ? x : xHat);
        BatchNormShapes.sameShape("batchNormForward", x, out);
        batchNorm.forward(data(x), x.rows(), x.cols(), data(mean), data(variance), data(gamma), data(beta), epsilon,
                xHat == null ? null : data(xHat), data(out));
    }

    @Override
    public void batchNormBackward(Tensor delta, Tensor xHat, Tensor variance, Tensor gamma, float epsilon,
                                  Tensor gammaGrad, Tensor betaGrad, Tensor deltaIn) {
        BatchNormShapes.perColumn("batchNormBackward", delta, variance, gamma);
        BatchNormShapes.perColumn("batchNormBackward", delta, gammaGrad, betaGrad);
        BatchNormShapes.sameShape("batchNormBackward", delta, xHat);
        BatchNormShapes.sameShape("batchNormBackward", delta, deltaIn == null ? xHat : deltaIn);
        batchNorm.backward(data(delta), data(xHat), delta.rows(), delta.cols(), data(variance), data(gamma), epsilon,
                data(gammaGrad), data(betaGrad), deltaIn == null ? null : data(deltaIn));
    }

    @Override
    public void close() {
        pool.close();
    }

    static float[] data(Tensor t) {
        if (t instanceof JavaTensor jt) {
            return jt.data;
        }
        throw new IllegalArgumentException("tensor " + t + " does not belong to the Java backend");
    }
}
