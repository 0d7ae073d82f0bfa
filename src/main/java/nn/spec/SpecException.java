package nn.spec;

/**
 * A problem with a configuration value found after it was read (a cross-field check, a missing
 * data file). {@code keyPath} names the key, as in {@code network.layers[1].units}, so the loader
 * can point at its line and column.
 */
public final class SpecException extends RuntimeException {
    private final String keyPath;

    public SpecException(String keyPath, String message) {
        super(message);
        this.keyPath = keyPath;
    }

    /** The offending key, dotted with [index] for list items. */
    public String keyPath() {
        return keyPath;
    }
}
