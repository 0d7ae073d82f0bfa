package nn.compute.aparapi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nn.compute.Backend;
import nn.compute.BackendContractTest;
import nn.compute.parity.ParityCase;
import nn.compute.parity.ParitySuite;
import org.junit.jupiter.api.Test;

/**
 * The register-blocked GEMM kernel, forced on whatever OpenCL device there is (PoCL in CI, where
 * the plan picks it only for products of at least 64×64): the GEMM cases of the contract, every transpose form on
 * odd sizes, against the double reference. Also the plan's choice by device
 * limits and shape. (OpenClBackendContractTest runs the plan's own choice: both kernels.)
 */
class BlockedGemmContractTest extends BackendContractTest {
    @Override
    protected Backend openBackend() {
        AparapiBackend backend = OpenClTestDevice.open();
        backend.useGemm(GemmPlan.Mode.BLOCKED);
        assertTrue(backend.gemmPlan().blocked(1, 1), "the device cannot run the blocked kernel: " + backend.gemmPlan());
        return backend;
    }

    @Override
    protected List<ParityCase> cases() {
        return ParitySuite.gemmCases();
    }

    @Test
    void thePlanPicksByDeviceLimitsAndShape() {
        GemmPlan gpu = GemmPlan.forDevice(1024, 48 << 10);
        assertTrue(gpu.blocked(128, 256), "a W2-sized product");
        assertTrue(gpu.blocked(64, 64), "one block");
        assertFalse(gpu.blocked(128, 10), "ten output columns: the tiled kernel");
        assertFalse(gpu.blocked(63, 4096), "under one block of rows: the tiled kernel");
        assertFalse(GemmPlan.forDevice(128, 48 << 10).blocked(1024, 1024), "128 work items per group");
        assertFalse(GemmPlan.forDevice(1024, 8 << 10).blocked(1024, 1024), "8 KiB of local memory");
        assertTrue(gpu.withMode(GemmPlan.Mode.BLOCKED).blocked(3, 1));
        assertFalse(gpu.withMode(GemmPlan.Mode.TILED).blocked(1024, 1024));
    }
}
