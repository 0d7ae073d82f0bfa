package nn.compute.aparapi;

import nn.compute.Backend;
import nn.compute.BackendContractTest;

/** The backend contract on OpenCL (PoCL in CI); skipped, with the reason, when there is no OpenCL device. */
class OpenClBackendContractTest extends BackendContractTest {
    @Override
    protected Backend openBackend() {
        return OpenClTestDevice.open();
    }
}
