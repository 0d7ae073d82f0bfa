package nn.compute.aparapi;

import nn.compute.Activation;
import nn.compute.ActivationFunction;
import nn.compute.Backend;
import nn.compute.BackendProvider;
import nn.compute.DeviceInfo;
import nn.compute.DeviceRequest;
import nn.compute.DeviceScan;

/**
 * The OpenCL backend as a provider: the devices Aparapi sees, kernels for the built-in
 * activations only, and a device that can fail mid-run. Loads no native code until asked to scan
 * or open.
 */
public final class OpenClBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public boolean isHost() {
        return false;
    }

    @Override
    public DeviceScan scan() {
        return OpenClDevices.scan();
    }

    @Override
    public boolean mayOfferGpu() {
        return !IcdDrivers.onlyCpuDrivers();
    }

    @Override
    public Backend open(DeviceRequest request, DeviceInfo device) {
        return OpenClDevices.open(device.index());
    }

    @Override
    public String describe(Backend backend, DeviceInfo device) {
        return backend.name() + " (" + device.platformName() + ", " + device.openClVersion() + ")";
    }

    @Override
    public boolean supports(ActivationFunction activation) {
        return activation instanceof Activation;
    }

    @Override
    public boolean mayFailMidRun() {
        return true;
    }
}
