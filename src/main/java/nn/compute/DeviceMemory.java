package nn.compute;

/**
 * The memory limits of a backend's device, for the memory guard: all tensors of an OpenCL run
 * live in one buffer, which must fit both the device's global memory and its largest single
 * allocation.
 *
 * @param device the device's name, for messages
 * @param globalBytes the device's global memory
 * @param maxAllocationBytes the largest single buffer the device accepts
 */
public record DeviceMemory(String device, long globalBytes, long maxAllocationBytes) {
}
