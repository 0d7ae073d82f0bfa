package nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import nn.compute.Activation;
import nn.compute.Loss;
import nn.compute.java.JavaBackend;
import nn.data.Dataset;
import nn.network.DenseLayer;
import nn.network.Network;
import org.junit.jupiter.api.Test;

/** Balanced class weights: the formula, and that they lift a minority class's recall. */
class ClassWeightsTest {

    @Test
    void balancedIsRowsOverClassesTimesCount() {
        // 6 rows: 3 of class 0, 2 of class 1, 1 of class 2, one-hot.
        float[] y = {1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1};
        Dataset data = new Dataset(List.of("x"), List.of("a", "b", "c"), 6, 1, 3, new float[6], y);
        ClassWeights weights = ClassWeights.balanced(data);
        assertEquals(List.of(6f / 9, 6f / 6, 6f / 3), weights.perClass());
        float[] perRow = weights.perRow(data);
        assertEquals(6f / 3, perRow[5]);
        assertEquals(6f / 9, perRow[0]);
    }

    /**
     * One feature, the majority N(0, 1) (380 rows) and the minority N(1.5, 1) (20 rows): logistic
     * regression puts its threshold near 2.7 without weights (minority recall about 0.1) and near
     * 0.75 with balanced weights (about 0.77).
     */
    @Test
    void balancedWeightsRaiseTheMinorityRecall() {
        SplittableRandom random = new SplittableRandom(3);
        int rows = 400;
        float[] x = new float[rows];
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            boolean minority = r % 20 == 0;
            y[r] = minority ? 1 : 0;
            x[r] = (float) (gaussian(random) + (minority ? 1.5 : 0));
        }
        Dataset data = new Dataset(List.of("x"), List.of("common", "rare"), rows, 1, 1, x, y);
        Network initial = new Network(1, List.of(new DenseLayer(1, 1, Activation.SIGMOID, true, new float[] {0.1f},
                new float[] {0f})));
        TrainingOptions plain = new TrainingOptions(Loss.BINARY_CROSSENTROPY, new Adam(0.05f),
                60, 32, true, 5);
        double plainRecall = rareRecall(new Trainer(plain), initial, data);
        double balancedRecall = rareRecall(new Trainer(plain.withClassWeights(ClassWeights.balanced(data))), initial,
                data);
        assertTrue(plainRecall < 0.35, "unweighted minority recall " + plainRecall);
        assertTrue(balancedRecall > 0.6, "balanced minority recall " + balancedRecall);
    }

    private static double rareRecall(Trainer trainer, Network initial, Dataset data) {
        try (JavaBackend backend = new JavaBackend(1)) {
            TrainingResult result = trainer.fit(initial, data, null, backend, TrainingListener.silent());
            return result.train().confusion().recall(1);
        }
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
