package nn.compute;

/**
 * A test backend that hands every op to a real one; subclasses override what they imitate (a
 * broken kernel, a device with little memory).
 */
public class DelegatingBackend implements Backend {
    /** The backend that computes. */
    protected final Backend delegate;

    public DelegatingBackend(Backend delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Tensor allocate(int rows, int cols) {
        return delegate.allocate(rows, cols);
    }

    @Override
    public void write(Tensor dst, float[] src) {
        delegate.write(dst, src);
    }

    @Override
    public void read(Tensor src, float[] dst) {
        delegate.read(src, dst);
    }

    @Override
    public void gatherRows(Tensor src, int[] indices, int offset, Tensor dst) {
        delegate.gatherRows(src, indices, offset, dst);
    }

    @Override
    public void copyColumns(Tensor src, int srcColumn, int count, Tensor dst, int dstColumn) {
        delegate.copyColumns(src, srcColumn, count, dst, dstColumn);
    }

    @Override
    public void embeddingForward(Tensor x, int idColumn, Tensor table, Tensor out, int outColumn) {
        delegate.embeddingForward(x, idColumn, table, out, outColumn);
    }

    @Override
    public void embeddingBackward(Tensor x, int idColumn, Tensor delta, int deltaColumn, Tensor tableGrad) {
        delegate.embeddingBackward(x, idColumn, delta, deltaColumn, tableGrad);
    }

    @Override
    public void gemm(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        delegate.gemm(a, transposeA, b, transposeB, c);
    }

    @Override
    public void biasActivation(Tensor z, Tensor bias, ActivationFunction act, Tensor out) {
        delegate.biasActivation(z, bias, act, out);
    }

    @Override
    public void activationBackward(Tensor delta, Tensor z, Tensor out, ActivationFunction act) {
        delegate.activationBackward(delta, z, out, act);
    }

    @Override
    public double outputDelta(Loss loss, ActivationFunction act, Tensor z, Tensor out, Tensor y, Tensor delta,
                              Tensor rowWeights) {
        return delegate.outputDelta(loss, act, z, out, y, delta, rowWeights);
    }

    @Override
    public void columnSums(Tensor m, Tensor out) {
        delegate.columnSums(m, out);
    }

    @Override
    public int countCorrect(Tensor out, Tensor y) {
        return delegate.countCorrect(out, y);
    }

    @Override
    public double sumSquaredError(Tensor out, Tensor y) {
        return delegate.sumSquaredError(out, y);
    }

    @Override
    public void sgdStep(Tensor param, Tensor grad, float learningRate) {
        delegate.sgdStep(param, grad, learningRate);
    }

    @Override
    public void momentumStep(Tensor param, Tensor grad, Tensor velocity, float learningRate, float momentum,
                             boolean nesterov) {
        delegate.momentumStep(param, grad, velocity, learningRate, momentum, nesterov);
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float stepSize, float beta1, float beta2,
                         float epsilon, float decay) {
        delegate.adamStep(param, grad, m, v, stepSize, beta1, beta2, epsilon, decay);
    }

    @Override
    public void addScaled(Tensor dst, Tensor src, float alpha) {
        delegate.addScaled(dst, src, alpha);
    }

    @Override
    public double sumOfSquares(Tensor t) {
        return delegate.sumOfSquares(t);
    }

    @Override
    public void scale(Tensor t, float factor) {
        delegate.scale(t, factor);
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor dst) {
        delegate.multiply(a, b, dst);
    }

    @Override
    public void columnMoments(Tensor x, Tensor mean, Tensor variance) {
        delegate.columnMoments(x, mean, variance);
    }

    @Override
    public void batchNormForward(Tensor x, Tensor mean, Tensor variance, Tensor gamma, Tensor beta, float epsilon,
                                 Tensor xHat, Tensor out) {
        delegate.batchNormForward(x, mean, variance, gamma, beta, epsilon, xHat, out);
    }

    @Override
    public void batchNormBackward(Tensor delta, Tensor xHat, Tensor variance, Tensor gamma, float epsilon,
                                  Tensor gammaGrad, Tensor betaGrad, Tensor deltaIn) {
        delegate.batchNormBackward(delta, xHat, variance, gamma, epsilon, gammaGrad, betaGrad, deltaIn);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public DeviceCounters counters() {
        return delegate.counters();
    }

    @Override
    public DeviceMemory deviceMemory() {
        return delegate.deviceMemory();
    }

    @Override
    public String kernelName() {
        return delegate.kernelName();
    }

    @Override
    public double fmaPeakGflops() {
        return delegate.fmaPeakGflops();
    }
}
