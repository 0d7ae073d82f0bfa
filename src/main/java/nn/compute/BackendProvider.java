package nn.compute;

/**
 * A kind of backend, found through {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/nn.compute.BackendProvider}) so that {@link Devices} names no concrete
 * backend. Exactly one provider is the host backend, which needs no device, is always usable and
 * is what {@code device: java} and every fallback open; the others serve devices
 * ({@code opencl}, {@code gpu}, and {@code auto}'s first choice).
 *
 * <p>A provider's constructor must be cheap and must not touch native code: the loader builds
 * every provider whenever a backend is opened.
 */
public interface BackendProvider {

    /** A short name for messages and reports: {@code java}, {@code opencl}. */
    String name();

    /** Whether this is the host backend (CPU threads, no device, never fails mid-run). */
    boolean isHost();

    /** The devices this provider can see, with the reason when there are none; the host sees none. */
    DeviceScan scan();

    /**
     * Whether a GPU might be found, answered without loading any driver (a scan may be slow and
     * noisy); {@code auto} skips the scan when this is false. The host answers false.
     */
    boolean mayOfferGpu();

    /**
     * Opens a backend: the host's with {@code request.threads()} threads ({@code device} null), a
     * device provider's on {@code device}, proven to run before it returns.
     *
     * @throws DeviceUnavailableException when the device cannot run the kernels
     */
    Backend open(DeviceRequest request, DeviceInfo device);

    /**
     * What the start-up notice says after {@code device: }, e.g. {@code java (2 threads, vector kernel)}
     * or {@code opencl:NAME (platform, OpenCL 3.0)}, for a backend this provider opened.
     */
    String describe(Backend backend, DeviceInfo device);

    /** Whether this backend computes {@code activation} (the host runs every one, a device only its kernels). */
    boolean supports(ActivationFunction activation);

    /**
     * Whether its backends can fail in the middle of a run (a device lost or falling back), so that
     * a run keeps the last completed epoch's state to resume elsewhere.
     */
    boolean mayFailMidRun();
}
