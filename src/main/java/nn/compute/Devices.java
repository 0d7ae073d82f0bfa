package nn.compute;

import java.util.List;
import java.util.Locale;

/**
 * Picks and opens a backend for a {@link DeviceRequest} among the {@link BackendProvider}s on the
 * class path, opens the host backend, and lists the devices there are. Names no concrete backend.
 */
public final class Devices {
    private Devices() {
    }

    /**
     * Opens the backend for the request: the host backend for {@code java}; for the others the
     * device at {@code deviceIndex} of {@link #list()}, or, when that is null, the first GPU or
     * accelerator ({@code opencl} then takes any device). {@code auto} falls back to the host
     * backend with a notice saying why; {@code opencl} and {@code gpu} fail instead of running
     * somewhere else, also when the device backend cannot run one of the request's activations.
     *
     * @throws DeviceUnavailableException when an explicit request cannot be met
     */
    public static BackendChoice open(DeviceRequest request) {
        BackendProviders providers = BackendProviders.found();
        DeviceKind kind = request.kind();
        if (kind == DeviceKind.JAVA) {
            return host(providers.host(), request, "");
        }
        BackendProvider device = providers.device();
        String unsupported = device == null ? null : unsupported(device, request);
        if (unsupported != null) {
            return hostOnly(providers.host(), request, unsupported);
        }
        if (kind == DeviceKind.AUTO && request.deviceIndex() == null && (device == null || !device.mayOfferGpu())) {
            // Loading OpenCL costs a quarter of a second and prints a native warning; PoCL's CPU
            // driver never offers the GPU auto looks for.
            return host(providers.host(), request, " — no OpenCL GPU found");
        }
        DeviceScan scan = device == null ? new DeviceScan(List.of(), "no device backend on the class path")
                : device.scan();
        DeviceInfo candidate = candidate(kind, scan, request.deviceIndex());
        if (candidate == null) {
            if (kind == DeviceKind.AUTO) {
                return host(providers.host(), request, " — no OpenCL GPU found");
            }
            throw new DeviceUnavailableException("device '" + kind.name().toLowerCase(Locale.ROOT) + "' is not available: "
                    + whyNone(kind, scan) + "; use device: java or auto");
        }
        try {
            Backend backend = device.open(request, candidate);
            return new BackendChoice(backend, "device: " + device.describe(backend, candidate), device.mayFailMidRun());
        } catch (DeviceUnavailableException e) {
            if (kind == DeviceKind.AUTO) {
                return host(providers.host(), request, " — OpenCL device unusable: " + e.getMessage());
            }
            throw e;
        }
    }

    /**
     * The host backend (the Java one) with {@code threads} threads, for work that runs on the CPU
     * whatever the config's device: prediction, evaluation, gradient checks, fallbacks.
     */
    public static Backend host(int threads) {
        return BackendProviders.found().host().open(DeviceRequest.of(DeviceKind.JAVA, threads), null);
    }

    /** The devices of this machine's device backend; empty, with the reason, when there are none. */
    public static DeviceScan list() {
        BackendProvider device = BackendProviders.found().device();
        return device == null ? new DeviceScan(List.of(), "no device backend on the class path") : device.scan();
    }

    /** Threads for the Java backend: {@code NN_THREADS} when set, else the available processors. */
    public static int defaultThreads() {
        String env = System.getenv("NN_THREADS");
        if (env != null && !env.isBlank()) {
            try {
                int n = Integer.parseInt(env.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the processor count; the CLI validates NN_THREADS for the user
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private static DeviceInfo candidate(DeviceKind kind, DeviceScan scan, Integer deviceIndex) {
        if (deviceIndex != null) {
            if (deviceIndex < 0 || deviceIndex >= scan.devices().size()) {
                throw new DeviceUnavailableException("there is no OpenCL device " + deviceIndex + "; found "
                        + scan.devices().size() + " (see: nn devices)");
            }
            DeviceInfo chosen = scan.devices().get(deviceIndex);
            if (kind == DeviceKind.GPU && !chosen.isGpuLike()) {
                throw new DeviceUnavailableException("OpenCL device " + deviceIndex + " ('" + chosen.name() + "') is a "
                        + chosen.type() + ", not a GPU; use device: opencl to run on it");
            }
            return chosen;
        }
        DeviceInfo gpu = scan.autoChoice();
        if (gpu == null && kind == DeviceKind.OPENCL && !scan.devices().isEmpty()) {
            return scan.devices().get(0);
        }
        return gpu;
    }

    private static String whyNone(DeviceKind kind, DeviceScan scan) {
        if (scan.devices().isEmpty()) {
            return scan.problem() == null ? "no OpenCL device found" : scan.problem();
        }
        return "no OpenCL GPU found (OpenCL has only: " + String.join(", ", scan.devices().stream()
                .map(d -> d.type() + " '" + d.name() + "'").toList()) + ")" + (kind == DeviceKind.GPU
                ? "; device: opencl runs on these" : "");
    }

    /** Why the device backend cannot run the request's network, or null when it can. */
    private static String unsupported(BackendProvider device, DeviceRequest request) {
        for (int i = 0; i < request.activations().size(); i++) {
            ActivationFunction act = request.activations().get(i);
            if (!device.supports(act)) {
                return "layer " + (i + 1) + " uses the " + (act instanceof CustomActivation ? "custom " : "")
                        + "activation '" + act.yamlName() + "', which runs on the Java backend only";
            }
        }
        return null;
    }

    /** Under {@code auto} the host backend, saying why; under {@code opencl} and {@code gpu} a refusal. */
    private static BackendChoice hostOnly(BackendProvider host, DeviceRequest request, String why) {
        if (request.kind() == DeviceKind.AUTO) {
            return host(host, request, " — " + why);
        }
        throw new DeviceUnavailableException("device '" + request.kind().name().toLowerCase(Locale.ROOT)
                + "' cannot run this network: " + why + "; use device: java or auto");
    }

    private static BackendChoice host(BackendProvider host, DeviceRequest request, String reason) {
        Backend backend = host.open(request, null);
        return new BackendChoice(backend, "device: " + host.describe(backend, null) + reason, host.mayFailMidRun());
    }
}
