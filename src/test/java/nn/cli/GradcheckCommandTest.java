package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradcheckCommandTest {
    @Test
    void passesOnIrisAndFailsWithExitFourBelowFloatPrecision() {
        CliRun ok = CliRun.of("gradcheck", "configs/iris.yaml");
        assertEquals(0, ok.exitCode(), ok.out() + ok.err());
        assertTrue(ok.out().contains("W1      4x16   worst relative error"), ok.out());
        assertTrue(ok.out().strip().endsWith("gradient check passed"), ok.out());
        // float32 backprop cannot agree with double finite differences to 1e-12: the check must say so.
        CliRun strict = CliRun.of("gradcheck", "configs/iris.yaml", "--tolerance", "1e-12");
        assertEquals(4, strict.exitCode(), strict.out());
        assertTrue(strict.out().strip().endsWith("gradient check FAILED"), strict.out());
    }

    @Test
    void everyShippedReluConfigPassesAndSaysWhichEntriesItSkipped() {
        for (String config : new String[] {"configs/xor.yaml", "configs/digits.yaml"}) {
            CliRun run = CliRun.of("gradcheck", config);
            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertTrue(run.out().contains("entries whose finite-difference step crosses a ReLU/leaky-ReLU kink"), run.out());
            assertTrue(run.out().strip().endsWith("gradient check passed"), run.out());
        }
    }
}
