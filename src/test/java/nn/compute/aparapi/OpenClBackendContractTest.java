package nn.compute.aparapi;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nn.compute.Backend;
import nn.compute.BackendContractTest;
import nn.compute.DeviceUnavailableException;
import nn.compute.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The backend contract on OpenCL (PoCL in CI), plus what only this backend can get wrong: a stale
 * device buffer. Skipped, with the reason, when there is no OpenCL device.
 */
class OpenClBackendContractTest extends BackendContractTest {
    @Override
    protected Backend openBackend() {
        return OpenClTestDevice.open();
    }

    @Test
    void aStaleDeviceBufferIsDetectedNotUsed() {
        try (AparapiBackend own = OpenClTestDevice.open()) {
            Tensor a = own.allocate(2, 2);
            Tensor y = own.allocate(2, 2);
            own.write(a, new float[] {1, 2, 3, 4});
            own.sgdStep(a, a, 0.5f);
            // What Aparapi does when the GC moves an array: a new device buffer from the stale host copy.
            own.kernel().arena = own.kernel().arena.clone();
            var e = assertThrows(DeviceUnavailableException.class, () -> own.sumSquaredError(a, y));
            assertTrue(e.getMessage().contains("stale host copy"), e.getMessage());
        }
    }
}
