package nn.compute;

import nn.compute.java.JavaBackend;

/** Picks and opens a backend for a device request. */
public final class Devices {
    private Devices() {
    }

    /**
     * Opens the backend for {@code kind}; {@code threads} caps the Java backend's threads.
     *
     * @throws DeviceUnavailableException when an explicit request cannot be met
     */
    public static BackendChoice open(DeviceKind kind, int threads) {
        return switch (kind) {
            case JAVA -> java(threads, "");
            case AUTO -> java(threads, " — no OpenCL backend in this build");
            case OPENCL, GPU -> throw new DeviceUnavailableException("device '" + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + "' is not available: this build has no OpenCL backend yet; use device: java or auto");
        };
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

    private static BackendChoice java(int threads, String reason) {
        JavaBackend backend = new JavaBackend(threads);
        return new BackendChoice(backend, "device: java (" + threads + (threads == 1 ? " thread, " : " threads, ")
                + backend.kernel() + " kernel)" + reason);
    }
}
