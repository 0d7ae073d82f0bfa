package nn.compute;

/**
 * One OpenCL device as the driver reports it, for {@code nn devices} and for choosing a device.
 *
 * @param index position in the list of all OpenCL devices (what {@code --device-index} takes)
 * @param platformName the OpenCL platform (driver) name
 * @param platformVendor the platform's vendor
 * @param platformVersion the platform's version string, such as {@code OpenCL 3.0 PoCL 5.0}
 * @param name the device name
 * @param type {@code GPU}, {@code CPU}, {@code ACC} or {@code UNKNOWN}
 * @param computeUnits parallel compute units
 * @param globalMemoryBytes global memory size
 * @param maxAllocationBytes the largest single buffer the device accepts
 * @param localMemoryBytes local (work-group shared) memory size
 * @param maxWorkGroupSize the most work items in one work group
 */
public record DeviceInfo(int index, String platformName, String platformVendor, String platformVersion, String name,
        String type, int computeUnits, long globalMemoryBytes, long maxAllocationBytes, long localMemoryBytes,
        int maxWorkGroupSize) {

    /** Whether {@code auto} and {@code gpu} may pick this device: a GPU or an accelerator. */
    public boolean isGpuLike() {
        return "GPU".equals(type) || "ACC".equals(type);
    }

    /** {@code OpenCL x.y} taken from the platform version, or the whole version string if it has no such part. */
    public String openClVersion() {
        var m = java.util.regex.Pattern.compile("OpenCL \\d+\\.\\d+").matcher(platformVersion);
        return m.find() ? m.group() : platformVersion;
    }
}
