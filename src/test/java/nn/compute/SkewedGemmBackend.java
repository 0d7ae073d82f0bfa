package nn.compute;

/**
 * A test backend that stands in for a miscompiled GEMM kernel: it delegates every op to a real
 * backend and scales every product by 1.001 afterwards. {@code nn selftest} must catch it and name
 * {@code gemm}, and only {@code gemm}.
 */
public final class SkewedGemmBackend extends DelegatingBackend {
    public SkewedGemmBackend(Backend delegate) {
        super(delegate);
    }

    @Override
    public void gemm(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        delegate.gemm(a, transposeA, b, transposeB, c);
        // A kernel that is wrong by one part in a thousand: far beyond the parity tolerance (1e-5),
        // small enough that training still looks plausible.
        delegate.scale(c, 1.001f);
    }
}
