package nn.compute;

import java.util.List;
import java.util.Objects;

/**
 * What a run asks of a backend: the kind of device, the host backend's threads, an explicit device
 * (its index in {@link Devices#list()}, or null to let the kind choose) and the activations the
 * network uses, layer by layer, so that a backend that cannot run one is passed over ({@code auto})
 * or refused ({@code opencl}, {@code gpu}) at start-up.
 *
 * @param kind what the user asked to train on
 * @param threads threads for the host (Java) backend, at least 1
 * @param deviceIndex the device of {@link Devices#list()} to use, or null
 * @param activations each layer's activation, in layer order (layer i + 1 in messages)
 */
public record DeviceRequest(DeviceKind kind, int threads, Integer deviceIndex, List<ActivationFunction> activations) {
    public DeviceRequest {
        Objects.requireNonNull(kind, "kind");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        activations = List.copyOf(activations);
    }

    /** A request that any backend can serve (no activations to check). */
    public static DeviceRequest of(DeviceKind kind, int threads) {
        return new DeviceRequest(kind, threads, null, List.of());
    }
}
