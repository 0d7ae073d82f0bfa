package nn.compute.java;

import nn.compute.Backend;
import nn.compute.BackendContractTest;

/** The backend contract on the Java backend, with three threads (more than the cores of CI, on purpose). */
class JavaBackendContractTest extends BackendContractTest {
    @Override
    protected Backend openBackend() {
        return new JavaBackend(3);
    }
}
