package nn.serve;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import nn.model.Model;
import nn.model.Prediction;

/**
 * One model served under its directory's name. {@link #reload} loads and checks the directory's new
 * model while the old one keeps serving, then swaps; requests already queued finish on the old one.
 */
final class ServedModel implements AutoCloseable {
    private final String name;
    private final Path directory;
    private final ServeLimits limits;
    private final AtomicReference<Batcher> current = new AtomicReference<>();

    ServedModel(String name, Path directory, ServeLimits limits) {
        this.name = name;
        this.directory = directory;
        this.limits = limits;
        current.set(new Batcher(checked(Model.load(directory)), name, limits.maxBatch(), limits.maxDelayMs(),
                limits.queueCapacity()));
    }

    String name() {
        return name;
    }

    Model model() {
        return current.get().model();
    }

    /** Predicts {@code rows} on one model, batched with concurrent requests. */
    List<Prediction> predict(List<Map<String, Object>> rows) throws InterruptedException {
        while (true) {
            Batcher batcher = current.get();
            var answer = batcher.submit(rows);
            if (answer != null) {
                try {
                    return answer.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
            // Closed by a reload between get and submit: the new batcher is already current.
        }
    }

    /** Loads the directory again and swaps it in once checked; the old model serves until then. */
    synchronized void reload() {
        Model fresh = checked(Model.load(directory));
        Batcher old = current.getAndSet(new Batcher(fresh, name, limits.maxBatch(), limits.maxDelayMs(),
                limits.queueCapacity()));
        old.close();
    }

    /** The model, if one all-zero row predicts finite numbers; closed and refused otherwise. */
    private static Model checked(Model model) {
        Prediction p = model.predict(new float[model.featureNames().size()]);
        boolean finite = Double.isFinite(p.value()) && Arrays.stream(p.probabilities()).allMatch(Double::isFinite);
        if (!finite) {
            model.close();
            throw new IllegalStateException("the model predicts non-finite numbers; not served");
        }
        return model;
    }

    @Override
    public void close() {
        current.get().close();
    }
}
