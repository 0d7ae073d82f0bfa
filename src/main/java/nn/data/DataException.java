package nn.data;

/** Data that cannot be used; the message names the file, line and column where it can. */
public final class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }
}
