package nn.serve;

/**
 * The server's bounds: worker threads, body and row caps, the body read deadline, and the
 * micro-batching window and queue.
 */
public record ServeLimits(int workers, long maxBodyBytes, int maxRows, long readTimeoutMs, int maxBatch,
                          long maxDelayMs, int queueCapacity) {
    public ServeLimits {
        if (workers < 1 || maxBodyBytes < 1 || maxRows < 1 || readTimeoutMs < 1 || maxBatch < 1 || maxDelayMs < 0
                || queueCapacity < 1) {
            throw new IllegalArgumentException("server limits must be positive (max delay may be 0)");
        }
    }

    /** The defaults of {@code nn serve}. */
    public static ServeLimits defaults() {
        return new ServeLimits(16, 1 << 20, 1000, 5000, 256, 2, 1024);
    }
}
