package nn.compute;

/** The requested device cannot be used; the message says why and what to do instead. */
public final class DeviceUnavailableException extends RuntimeException {
    public DeviceUnavailableException(String message) {
        super(message);
    }
}
