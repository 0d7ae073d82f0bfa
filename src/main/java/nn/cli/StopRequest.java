package nn.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C or SIGTERM during training (the JVM then exits 130 or 143): a shutdown hook that only raises a flag, which the trainer reads
 * between batches, and then waits (bounded) for the command to save its work. Work in the hook
 * itself would race the training thread over the same device buffers.
 */
final class StopRequest implements AutoCloseable {
    /** How long the hook holds the JVM open for the save; after that the process ends regardless. */
    static final long SAVE_WAIT_SECONDS = 60;

    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch saved = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onShutdown, "nn-stop-request");

    /** Registers the hook; {@link #close} removes it. */
    static StopRequest install() {
        StopRequest request = new StopRequest();
        Runtime.getRuntime().addShutdownHook(request.hook);
        return request;
    }

    /** Whether a stop was asked for. */
    boolean requested() {
        return requested.get();
    }

    private void onShutdown() {
        requested.set(true);
        try {
            saved.await(SAVE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Says the command has finished (saved what it had); lets a waiting hook return. */
    @Override
    public void close() {
        saved.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already shutting down (the hook ran): nothing to remove.
        }
    }
}
