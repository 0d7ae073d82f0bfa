package nn.io.onnx;

/** A model that cannot be written as ONNX (a custom Java activation); the message names what and why. */
public final class OnnxExportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A refusal with its one-line reason. */
    public OnnxExportException(String message) {
        super(message);
    }
}
