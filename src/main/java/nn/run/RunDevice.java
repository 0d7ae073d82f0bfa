package nn.run;

import nn.compute.Devices;

/**
 * How a run gets its backend: the opener ({@link nn.compute.Devices#open} for real runs, a
 * failing one in fault tests), the Java backend's threads, and the OpenCL device index that
 * overrides the spec's {@code device_index} (null: the spec's).
 */
public record RunDevice(DeviceFaults.Opener opener, int threads, Integer deviceIndex) {
    /** Devices as users get them, on all cores, with the spec's device index. */
    public static RunDevice standard() {
        return new RunDevice(Devices::open, Devices.defaultThreads(), null);
    }
}
