package nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Confusion-matrix and regression metrics against values worked out by hand. */
class MetricsTest {

    @Test
    void macroPrecisionRecallF1() {
        // true \\ predicted: class 0: 3 right, 1 as class 1; class 1: 2 right; class 2: 1 as class 0, never predicted.
        ConfusionMatrix m = new ConfusionMatrix(new int[][] {{3, 1, 0}, {0, 2, 0}, {1, 0, 0}});
        assertEquals(0.75, m.precision(0), 1e-12);
        assertEquals(2.0 / 3, m.precision(1), 1e-12);
        assertEquals(0, m.precision(2), 0);
        assertEquals(0.75, m.recall(0), 1e-12);
        assertEquals(1, m.recall(1), 1e-12);
        assertEquals(0, m.recall(2), 0);
        assertEquals((0.75 + 2.0 / 3) / 3, m.macroPrecision(), 1e-12);
        assertEquals(1.75 / 3, m.macroRecall(), 1e-12);
        double f1Class1 = 2 * (2.0 / 3) / (2.0 / 3 + 1);
        assertEquals((0.75 + f1Class1) / 3, m.macroF1(), 1e-12);
    }

    @Test
    void regressionMetrics() {
        RegressionMetrics.Sums sums = new RegressionMetrics.Sums();
        float[] predicted = {1, 2, 4};
        float[] actual = {1, 3, 2};
        for (int i = 0; i < 3; i++) {
            sums.add(predicted[i], actual[i]);
        }
        RegressionMetrics r = sums.result();
        assertEquals(5.0 / 3, r.mse(), 1e-12);
        assertEquals(Math.sqrt(5.0 / 3), r.rmse(), 1e-12);
        assertEquals(1.0, r.mae(), 1e-12);
        // mean 2, SST = 1 + 1 + 0 = 2, SSE = 5
        assertEquals(1 - 5.0 / 2, r.r2(), 1e-12);
    }
}
