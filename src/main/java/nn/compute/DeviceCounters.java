package nn.compute;

/**
 * What a backend has done on its device so far: kernel launches, device-to-host reads (each one a
 * synchronisation the host waits for) and bytes moved across the bus either way. The Java backend
 * has no device and reports {@link #NONE}.
 *
 * @param launches kernel launches
 * @param hostReads device-to-host copies
 * @param bytes bytes copied host to device and device to host
 */
public record DeviceCounters(long launches, long hostReads, long bytes) {
    /** Nothing done, or no device. */
    public static final DeviceCounters NONE = new DeviceCounters(0, 0, 0);

    /** These counts and {@code other}'s together. */
    public DeviceCounters plus(DeviceCounters other) {
        return new DeviceCounters(launches + other.launches, hostReads + other.hostReads, bytes + other.bytes);
    }

    /** The counts since {@code earlier}. */
    public DeviceCounters minus(DeviceCounters earlier) {
        return new DeviceCounters(launches - earlier.launches, hostReads - earlier.hostReads, bytes - earlier.bytes);
    }
}
