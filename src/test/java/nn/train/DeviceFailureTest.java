package nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import nn.compute.DeviceUnavailableException;
import nn.compute.FailingBackend;
import nn.compute.java.JavaBackend;
import nn.config.ConfigLoader;
import nn.config.LoadedConfig;
import nn.run.Experiment;
import nn.run.Experiments;
import org.junit.jupiter.api.Test;

/**
 * A backend failing mid-run hands back the last completed epoch's state, and a resume from it on
 * the Java backend ends with bitwise the weights of an uninterrupted run.
 */
class DeviceFailureTest {
    private static final int EPOCHS = 5;

    private static Experiment experiment() {
        try (ConfigLoader loader = new ConfigLoader()) {
            LoadedConfig loaded = loader.load(Path.of("configs/iris.yaml"), List.of("training.epochs=" + EPOCHS,
                    "optimizer.type=adam", "optimizer.learning_rate=0.01", "network.layers[0].dropout=0.3"));
            return Experiments.prepare(loaded.spec(), loaded.baseDir());
        }
    }

    /** The state the run failed with, after {@code failAt} gemms. */
    private static TrainingState failAfter(Experiment e, int failAt) {
        Trainer trainer = new Trainer(e.options());
        try (FailingBackend failing = new FailingBackend(new JavaBackend(2), failAt)) {
            RunControl control = RunControl.none().keepingLastEpoch(true);
            DeviceFailedException failed = assertThrows(DeviceFailedException.class, () -> trainer.fit(e.network(),
                    e.train(), e.validation(), null, failing, TrainingListener.silent(), control));
            assertTrue(failed.getMessage().contains("simulated OpenCL failure"), failed.getMessage());
            return failed.lastState();
        }
    }

    private static void assertResumeEndsLikeAWholeRun(Experiment e, TrainingState last) {
        Trainer trainer = new Trainer(e.options());
        try (JavaBackend java = new JavaBackend(1)) {
            TrainingResult whole = trainer.fit(e.network(), e.train(), e.validation(), null, java,
                    TrainingListener.silent());
            TrainingResult resumed = trainer.fit(e.network(), e.train(), e.validation(), null, java,
                    TrainingListener.silent(), RunControl.none().resumingFrom(last));
            assertEquals(whole.history(), resumed.history());
            for (int i = 0; i < whole.network().layers().size(); i++) {
                assertArrayEquals(whole.network().dense(i).weights(), resumed.network().dense(i).weights());
                assertArrayEquals(whole.network().dense(i).biases(), resumed.network().dense(i).biases());
            }
        }
    }

    @Test
    void aFailureMidRunKeepsTheLastCompletedEpoch() {
        Experiment e = experiment();
        // Well into the run: several epochs' worth of gemms, but fewer than the whole run's.
        TrainingState last = failAfter(e, 150);
        assertTrue(last.epoch() >= 1 && last.epoch() < EPOCHS, "epoch " + last.epoch());
        assertEquals(0, last.batch());
        assertEquals(last.epoch(), last.history().size());
        assertResumeEndsLikeAWholeRun(e, last);
    }

    @Test
    void aFailureInTheFirstEpochKeepsTheInitialState() {
        Experiment e = experiment();
        TrainingState last = failAfter(e, 1);
        assertEquals(0, last.epoch());
        assertTrue(last.history().isEmpty());
        assertResumeEndsLikeAWholeRun(e, last);
    }

    @Test
    void withoutKeepingTheLastEpochTheDeviceErrorPassesThrough() {
        Experiment e = experiment();
        try (FailingBackend failing = new FailingBackend(new JavaBackend(1), 1)) {
            assertThrows(DeviceUnavailableException.class, () -> new Trainer(e.options()).fit(e.network(), e.train(),
                    e.validation(), null, failing, TrainingListener.silent(), RunControl.none()));
        }
    }
}
