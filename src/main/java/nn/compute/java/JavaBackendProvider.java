package nn.compute.java;

import java.util.List;
import nn.compute.ActivationFunction;
import nn.compute.Backend;
import nn.compute.BackendProvider;
import nn.compute.DeviceInfo;
import nn.compute.DeviceRequest;
import nn.compute.DeviceScan;

/** The Java backend as the host provider: no devices, every activation, never fails mid-run. */
public final class JavaBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "java";
    }

    @Override
    public boolean isHost() {
        return true;
    }

    @Override
    public DeviceScan scan() {
        return new DeviceScan(List.of(), "the Java backend runs on the CPU's threads, not on a device");
    }

    @Override
    public boolean mayOfferGpu() {
        return false;
    }

    @Override
    public Backend open(DeviceRequest request, DeviceInfo device) {
        return new JavaBackend(request.threads());
    }

    @Override
    public String describe(Backend backend, DeviceInfo device) {
        JavaBackend java = (JavaBackend) backend;
        int threads = java.threads();
        return "java (" + threads + (threads == 1 ? " thread, " : " threads, ") + java.kernel() + " kernel)";
    }

    @Override
    public boolean supports(ActivationFunction activation) {
        return true;
    }

    @Override
    public boolean mayFailMidRun() {
        return false;
    }
}
