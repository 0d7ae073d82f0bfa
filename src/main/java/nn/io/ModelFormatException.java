package nn.io;

/** A model file that is missing, damaged, or of a format version this code does not read. */
public final class ModelFormatException extends RuntimeException {
    public ModelFormatException(String message) {
        super(message);
    }
}
