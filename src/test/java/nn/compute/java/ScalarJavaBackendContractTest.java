package nn.compute.java;

import nn.compute.Backend;
import nn.compute.BackendContractTest;

/** The backend contract on the Java backend's scalar kernel (JVMs without the Vector API), two threads. */
class ScalarJavaBackendContractTest extends BackendContractTest {
    @Override
    protected Backend openBackend() {
        return new JavaBackend(2, false);
    }
}
