package nn.compute;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test backend that stands in for an OpenCL device dying mid-run: it delegates every op to a
 * real backend and throws {@link DeviceUnavailableException} from the {@code failAt}-th gemm on
 * (a dead device stays dead). Gemm is the op every forward and backward pass uses.
 */
public final class FailingBackend extends DelegatingBackend {
    private final int failAt;
    private final AtomicInteger gemms = new AtomicInteger();

    public FailingBackend(Backend delegate, int failAt) {
        super(delegate);
        this.failAt = failAt;
    }

    /** Gemms attempted so far, the failing ones included. */
    public int gemms() {
        return gemms.get();
    }

    @Override
    public String name() {
        return "faulty-" + delegate.name();
    }

    @Override
    public void gemm(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        if (gemms.incrementAndGet() >= failAt) {
            throw new DeviceUnavailableException("simulated OpenCL failure: CL_OUT_OF_RESOURCES in gemm " + gemms.get());
        }
        delegate.gemm(a, transposeA, b, transposeB, c);
    }
}
