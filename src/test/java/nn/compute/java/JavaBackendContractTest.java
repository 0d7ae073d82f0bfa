package nn.compute.java;

import nn.compute.Backend;
import nn.compute.BackendContractTest;

/**
 * The backend contract on the Java backend as it runs: the Vector API kernel where the JVM has it,
 * three threads (more than CI's cores, so the splits are exercised).
 */
class JavaBackendContractTest extends BackendContractTest {
    @Override
    protected Backend openBackend() {
        return new JavaBackend(3);
    }
}
