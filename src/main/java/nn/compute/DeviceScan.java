package nn.compute;

import java.util.List;

/**
 * The OpenCL devices found on this machine.
 *
 * @param devices every device of every platform, indexed as {@code --device-index} counts
 * @param problem why the list is empty (no library, no driver), or null when OpenCL answered
 */
public record DeviceScan(List<DeviceInfo> devices, String problem) {
    public DeviceScan {
        devices = List.copyOf(devices);
    }

    /** The device {@code auto} would pick: the first GPU or accelerator, or null for the Java backend. */
    public DeviceInfo autoChoice() {
        return devices.stream().filter(DeviceInfo::isGpuLike).findFirst().orElse(null);
    }
}
