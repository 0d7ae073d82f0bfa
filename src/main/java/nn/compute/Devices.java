package nn.compute;

import java.util.Locale;
import nn.compute.aparapi.OpenClDevices;
import nn.compute.java.JavaBackend;

/** Picks and opens a backend for a device request, and lists the OpenCL devices there are. */
public final class Devices {
    private Devices() {
    }

    /**
     * Opens the backend for {@code kind}; {@code threads} caps the Java backend's threads.
     *
     * @throws DeviceUnavailableException when an explicit request cannot be met
     */
    public static BackendChoice open(DeviceKind kind, int threads) {
        return open(kind, threads, null);
    }

    /**
     * Opens the backend for {@code kind} on the OpenCL device at {@code deviceIndex} of {@link #list()},
     * or, when that is null, on the first GPU or accelerator ({@code opencl} then takes any device).
     * {@code auto} falls back to the Java backend with a notice saying why; {@code opencl} and
     * {@code gpu} fail instead of running somewhere else.
     *
     * @throws DeviceUnavailableException when an explicit request cannot be met
     */
    public static BackendChoice open(DeviceKind kind, int threads, Integer deviceIndex) {
        return open(kind, threads, deviceIndex, null);
    }

    /**
     * As {@link #open(DeviceKind, int, Integer)} for a run that only the Java backend can do
     * ({@code javaOnly} says why, e.g. a custom activation; null when any backend can): {@code auto}
     * then picks Java and says why, {@code opencl} and {@code gpu} refuse at once.
     */
    public static BackendChoice open(DeviceKind kind, int threads, Integer deviceIndex, String javaOnly) {
        if (javaOnly != null && kind != DeviceKind.JAVA) {
            if (kind == DeviceKind.AUTO) {
                return java(threads, " — " + javaOnly);
            }
            throw new DeviceUnavailableException("device '" + kind.name().toLowerCase(Locale.ROOT) + "' cannot run this "
                    + "network: " + javaOnly + "; use device: java or auto");
        }
        if (kind == DeviceKind.JAVA) {
            return java(threads, "");
        }
        if (kind == DeviceKind.AUTO && deviceIndex == null && IcdDrivers.onlyCpuDrivers()) {
            // Loading OpenCL costs a quarter of a second and prints a native warning; PoCL's CPU
            // driver never offers the GPU auto looks for.
            return java(threads, " — no OpenCL GPU found");
        }
        DeviceScan scan = list();
        DeviceInfo candidate = candidate(kind, scan, deviceIndex);
        if (candidate == null) {
            if (kind == DeviceKind.AUTO) {
                return java(threads, " — no OpenCL GPU found");
            }
            throw new DeviceUnavailableException("device '" + kind.name().toLowerCase(Locale.ROOT) + "' is not available: "
                    + whyNone(kind, scan) + "; use device: java or auto");
        }
        try {
            Backend backend = OpenClDevices.open(candidate.index());
            return new BackendChoice(backend, "device: " + backend.name() + " (" + candidate.platformName() + ", "
                    + candidate.openClVersion() + ")");
        } catch (DeviceUnavailableException e) {
            if (kind == DeviceKind.AUTO) {
                return java(threads, " — OpenCL device unusable: " + e.getMessage());
            }
            throw e;
        }
    }

    /** The OpenCL devices of this machine; empty, with the reason, when there is no OpenCL. */
    public static DeviceScan list() {
        return OpenClDevices.scan();
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

    private static BackendChoice java(int threads, String reason) {
        JavaBackend backend = new JavaBackend(threads);
        return new BackendChoice(backend, "device: java (" + threads + (threads == 1 ? " thread, " : " threads, ")
                + backend.kernel() + " kernel)" + reason);
    }
}
