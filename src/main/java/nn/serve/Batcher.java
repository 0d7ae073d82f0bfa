package nn.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import nn.model.Model;
import nn.model.Prediction;

/**
 * Gathers concurrent requests for one model into batches of up to {@code maxBatch} rows, waiting at
 * most {@code maxDelayMs} after the first, on a bounded queue. Bound to one {@link Model} for its whole
 * life, so that a reload (a new batcher) can never answer one request with two models.
 */
final class Batcher implements AutoCloseable {
    private record Job(float[][] rows, CompletableFuture<List<Prediction>> answer) {
    }

    private final Model model;
    private final BlockingQueue<Job> queue;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final Thread thread;
    private boolean closed;

    Batcher(Model model, String name, int maxBatch, long maxDelayMs, int capacity) {
        this.model = model;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(maxDelayMs);
        this.thread = new Thread(this::loop, "nn-serve-batch-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    Model model() {
        return model;
    }

    /**
     * Encodes {@code rows} with this batcher's model and queues them; null when this batcher is closed
     * (the caller takes the current one). A bad cell is a 400, a full queue a 503.
     */
    CompletableFuture<List<Prediction>> submit(List<Map<String, Object>> rows) {
        float[][] encoded = new float[rows.size()][];
        for (int r = 0; r < encoded.length; r++) {
            try {
                encoded[r] = model.saved().preprocessing().encode(rows.get(r));
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "row " + r + ": " + e.getMessage());
            }
        }
        Job job = new Job(encoded, new CompletableFuture<>());
        synchronized (this) {
            if (closed) {
                return null;
            }
            if (!queue.offer(job)) {
                throw new HttpError(503, "the prediction queue is full; try again");
            }
        }
        return job.answer();
    }

    private void loop() {
        List<Job> batch = new ArrayList<>();
        while (true) {
            Job first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                synchronized (this) {
                    if (closed && queue.isEmpty()) {
                        return;
                    }
                }
                continue;
            }
            batch.clear();
            batch.add(first);
            gather(batch, first.rows().length);
            run(batch);
        }
    }

    private void gather(List<Job> batch, int rows) {
        long deadline = System.nanoTime() + maxDelayNanos;
        while (rows < maxBatch) {
            Job next = queue.peek();
            if (next != null && rows + next.rows().length > maxBatch) {
                return;
            }
            long wait = deadline - System.nanoTime();
            try {
                next = wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (next == null) {
                return;
            }
            batch.add(next);
            rows += next.rows().length;
        }
    }

    private void run(List<Job> batch) {
        List<float[]> all = new ArrayList<>();
        batch.forEach(j -> all.addAll(List.of(j.rows())));
        try {
            List<Prediction> predictions = model.predictAll(all.toArray(float[][]::new));
            int at = 0;
            for (Job j : batch) {
                j.answer().complete(predictions.subList(at, at + j.rows().length));
                at += j.rows().length;
            }
        } catch (RuntimeException e) {
            batch.forEach(j -> j.answer().completeExceptionally(e));
        }
    }

    /** Stops taking requests, answers those queued, then releases the model. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        model.close();
    }
}
