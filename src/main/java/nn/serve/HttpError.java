package nn.serve;

/** A request that gets an error status with a one-line {@code {"error": ...}} body. */
final class HttpError extends RuntimeException {
    private final int status;

    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
