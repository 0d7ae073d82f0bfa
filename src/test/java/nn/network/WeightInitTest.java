package nn.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Each scheme's sampled standard deviation is within ±10% of its formula, and its mean near 0,
 * on a 200 × 100 matrix (20,000 draws: the sampling error of the std is under 1%).
 */
class WeightInitTest {

    @Test
    void sampledStdMatchesTheFormula() {
        int fanIn = 200;
        int fanOut = 100;
        double[] formula = {
            Math.sqrt(2.0 / fanIn),              // HE_NORMAL
            Math.sqrt(2.0 / fanIn),              // HE_UNIFORM: limit √(6/fan_in), std limit/√3
            Math.sqrt(2.0 / (fanIn + fanOut)),   // GLOROT_NORMAL
            Math.sqrt(2.0 / (fanIn + fanOut)),   // GLOROT_UNIFORM: limit √(6/(in+out))
        };
        WeightInit[] schemes = WeightInit.values();
        assertEquals(formula.length, schemes.length);
        for (int s = 0; s < schemes.length; s++) {
            float[] w = schemes[s].sample(fanIn, fanOut, new SplittableRandom(3));
            double sum = 0;
            double sumSq = 0;
            for (float v : w) {
                sum += v;
                sumSq += (double) v * v;
            }
            double mean = sum / w.length;
            double std = Math.sqrt(sumSq / w.length - mean * mean);
            assertEquals(formula[s], std, 0.1 * formula[s], schemes[s] + " std");
            assertEquals(0, mean, 0.05 * formula[s], schemes[s] + " mean");
        }
    }

    @Test
    void uniformSchemesStayWithinTheirLimit() {
        float[] he = WeightInit.HE_UNIFORM.sample(50, 10, new SplittableRandom(1));
        float[] glorot = WeightInit.GLOROT_UNIFORM.sample(50, 10, new SplittableRandom(1));
        for (int i = 0; i < he.length; i++) {
            assertEquals(0, he[i], Math.sqrt(6.0 / 50));
            assertEquals(0, glorot[i], Math.sqrt(6.0 / 60));
        }
    }

    @Test
    void defaultsFollowTheActivationAndBiasesStartAtZero() {
        assertEquals(WeightInit.HE_NORMAL, WeightInit.forActivation(nn.compute.Activation.RELU));
        assertEquals(WeightInit.HE_NORMAL, WeightInit.forActivation(nn.compute.Activation.LEAKY_RELU));
        assertEquals(WeightInit.GLOROT_UNIFORM, WeightInit.forActivation(nn.compute.Activation.TANH));
        Network net = Network.initialize(3, java.util.List.of(
                new LayerShape(4, nn.compute.Activation.RELU, true, WeightInit.GLOROT_NORMAL)), 9);
        for (float b : net.dense(0).biases()) {
            assertEquals(0f, b);
        }
    }
}
