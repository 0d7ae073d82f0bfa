package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import nn.dsl.DataSource;
import nn.dsl.DataSources;
import nn.io.Checkpoints;
import nn.run.RunConflictException;
import nn.spec.DeviceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DSL's {@code fit} claims its model folder as {@code nn train} does (issue 13, items 1 and 2). */
class DslRunFolderTest {
    private static final DataSource TRAIN = DataSources.csv(Path.of("data/iris-train.csv")).label("species");

    @Test
    void aSecondFitIsRefusedUnlessItOverwritesOrResumesAMatchingCheckpoint(@TempDir Path dir) {
        Path runs = dir.resolve("runs");
        DslExamplesTest.iris().device(DeviceType.JAVA).epochs(4).checkpointEvery(2).outputDir(runs).fit(TRAIN);
        RunConflictException again = assertThrows(RunConflictException.class, () -> DslExamplesTest.iris()
                .device(DeviceType.JAVA).epochs(4).checkpointEvery(2).outputDir(runs).fit(TRAIN));
        assertTrue(again.getMessage().contains("--overwrite") && again.getMessage().contains("--resume"),
                again.getMessage());

        RunConflictException changed = assertThrows(RunConflictException.class, () -> DslExamplesTest.iris()
                .device(DeviceType.JAVA).epochs(6).seed(9).checkpointEvery(2).outputDir(runs).resume().fit(TRAIN));
        assertTrue(changed.getMessage().contains("seed: the checkpoint has 42, the config 9"), changed.getMessage());

        var resumed = DslExamplesTest.iris().device(DeviceType.JAVA).epochs(6).checkpointEvery(2).outputDir(runs)
                .resume().fit(TRAIN);
        assertEquals(6, resumed.history().size());
        DslExamplesTest.iris().device(DeviceType.JAVA).epochs(1).checkpointEvery(1).outputDir(runs).overwrite().fit(TRAIN);
        assertEquals(1, Checkpoints.newest(runs.resolve("iris")).orElseThrow().epoch(), "the old checkpoints are gone");
    }
}
