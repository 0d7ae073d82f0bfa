package nn.compute.aparapi;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import nn.compute.DeviceInfo;
import nn.compute.DeviceScan;

/** Opens the OpenCL backend for a test, or skips the test with the reason when there is no OpenCL. */
final class OpenClTestDevice {
    private OpenClTestDevice() {
    }

    /** The first GPU if any, else the first device (PoCL in CI); skips the calling test when there is none. */
    static AparapiBackend open() {
        DeviceScan scan = OpenClDevices.scan();
        assumeTrue(!scan.devices().isEmpty(), "no OpenCL device: " + scan.problem());
        return openFirst(scan);
    }

    /** Outside JUnit: the same device, or an exception when there is none. */
    static AparapiBackend openForBenchmark() {
        DeviceScan scan = OpenClDevices.scan();
        if (scan.devices().isEmpty()) {
            throw new IllegalStateException("no OpenCL device: " + scan.problem());
        }
        return openFirst(scan);
    }

    private static AparapiBackend openFirst(DeviceScan scan) {
        DeviceInfo chosen = scan.autoChoice() != null ? scan.autoChoice() : scan.devices().get(0);
        return OpenClDevices.open(chosen.index());
    }
}
