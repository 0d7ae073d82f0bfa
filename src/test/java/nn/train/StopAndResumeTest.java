package nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import nn.compute.java.JavaBackend;
import nn.config.ConfigLoader;
import nn.config.LoadedConfig;
import nn.run.Experiment;
import nn.run.Experiments;
import org.junit.jupiter.api.Test;

/** A stop request mid-epoch, then a resume from its state, ends where an uninterrupted run ends. */
class StopAndResumeTest {

    @Test
    void stoppingMidEpochAndResumingIsBitwiseExact() {
        Experiment e;
        try (ConfigLoader loader = new ConfigLoader()) {
            LoadedConfig loaded = loader.load(Path.of("configs/iris.yaml"), List.of("training.epochs=5",
                    "optimizer.type=adam", "optimizer.learning_rate=0.01", "network.layers[0].dropout=0.3"));
            e = Experiments.prepare(loaded.spec(), loaded.baseDir());
        }
        Trainer trainer = new Trainer(e.options());
        try (JavaBackend backend = new JavaBackend(2)) {
            TrainingResult whole = trainer.fit(e.network(), e.train(), null, null, backend, TrainingListener.silent());

            AtomicInteger batches = new AtomicInteger();
            TrainingState[] saved = new TrainingState[1];
            // 114 rows in batches of 16: 8 per epoch; stop after the 11th, 3 batches into epoch 2.
            RunControl stopping = new RunControl(0, null, s -> saved[0] = s, () -> batches.incrementAndGet() >= 11);
            TrainingResult first = trainer.fit(e.network(), e.train(), null, null, backend, TrainingListener.silent(),
                    stopping);
            assertTrue(first.interrupted());
            assertTrue(whole.steadySamplesPerSecond() > 0, "epochs 2-5 timed");
            assertTrue(Double.isNaN(first.steadySamplesPerSecond()), "an interrupted run has no steady figure");
            assertEquals(1, saved[0].epoch());
            assertEquals(3, saved[0].batch());

            TrainingResult resumed = trainer.fit(e.network(), e.train(), null, null, backend, TrainingListener.silent(),
                    new RunControl(0, saved[0], null, null));
            assertEquals(whole.history(), resumed.history());
            assertTrue(resumed.steadySamplesPerSecond() > 0, "the resumed run's epochs after its first (3-5)");
            for (int i = 0; i < whole.network().layers().size(); i++) {
                assertArrayEquals(whole.network().dense(i).weights(), resumed.network().dense(i).weights());
                assertArrayEquals(whole.network().dense(i).biases(), resumed.network().dense(i).biases());
            }
        }
    }
}
