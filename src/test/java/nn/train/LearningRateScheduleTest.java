package nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The rate of every epoch of short runs, against the formulas written out by hand. */
class LearningRateScheduleTest {

    private static float[] rates(LearningRateSchedule schedule, float base, int epochs) {
        float[] r = new float[epochs];
        for (int e = 1; e <= epochs; e++) {
            r[e - 1] = schedule.rate(base, e, epochs);
        }
        return r;
    }

    @Test
    void constant() {
        assertArrayEquals(new float[] {0.1f, 0.1f, 0.1f}, rates(LearningRateSchedule.CONSTANT, 0.1f, 3));
    }

    @Test
    void stepHalvesEveryTwoEpochs() {
        var step = new LearningRateSchedule(LearningRateSchedule.Type.STEP, 2, 0.5f, 0);
        assertArrayEquals(new float[] {1f, 1f, 0.5f, 0.5f, 0.25f}, rates(step, 1f, 5));
    }

    @Test
    void cosineFromTheBaseTowardsZero() {
        var cosine = new LearningRateSchedule(LearningRateSchedule.Type.COSINE, 1, 1f, 0);
        // 0.5·(1 + cos(π·k/4)) for k = 0..3
        float[] expected = {1f, (float) (0.5 * (1 + Math.sqrt(0.5))), 0.5f, (float) (0.5 * (1 - Math.sqrt(0.5)))};
        assertArrayEquals(expected, rates(cosine, 1f, 4), 1e-6f);
    }

    @Test
    void warmupThenStep() {
        var schedule = new LearningRateSchedule(LearningRateSchedule.Type.STEP, 1, 0.1f, 2);
        assertArrayEquals(new float[] {0.5f, 1f, 1f, 0.1f, 0.01f}, rates(schedule, 1f, 5), 1e-7f);
    }

    @Test
    void warmupThenCosine() {
        var schedule = new LearningRateSchedule(LearningRateSchedule.Type.COSINE, 1, 1f, 1);
        assertArrayEquals(new float[] {2f, 2f, 1f}, rates(schedule, 2f, 3), 1e-6f);
    }

    @Test
    void badParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(LearningRateSchedule.Type.STEP, 0, 0.5f, 0));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(LearningRateSchedule.Type.STEP, 1, 1.5f, 0));
    }
}
