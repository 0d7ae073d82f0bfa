package nn.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nn.compute.Activation;
import nn.compute.ActivationFunction;
import nn.compute.ActivationName;
import nn.compute.CustomActivation;
import nn.compute.Loss;
import nn.compute.java.JavaBackend;
import nn.network.GradientCheck;
import nn.network.LayerShape;
import nn.network.Network;
import org.junit.jupiter.api.Test;

/**
 * XOR's zero input row with zero biases puts every first-layer ReLU exactly at z = 0: the finite
 * differences of b1 then straddle the kink. The check skips those entries and says how many, and
 * still catches a ReLU whose derivative is wrong away from the kink.
 */
class GradcheckKinkTest {
    private static final float[] X = {0, 0, 0, 1, 1, 0, 1, 1};
    private static final float[] Y = {0, 1, 1, 0};

    /** ReLU with a mutated derivative (0.9 instead of 1 for z > 0). */
    @ActivationName("mutated_relu")
    public static final class MutatedRelu implements CustomActivation {
        @Override
        public float apply(float z) {
            return Math.max(z, 0);
        }

        @Override
        public float derivative(float z, float a) {
            return z > 0 ? 0.9f : 0;
        }
    }

    private static List<GradientCheck.TensorResult> check(ActivationFunction hidden) {
        Network net = Network.initialize(2, List.of(new LayerShape(3, hidden, true),
                new LayerShape(1, Activation.SIGMOID, true)), 42);
        try (JavaBackend backend = new JavaBackend(1)) {
            return GradientCheck.run(backend, net, Loss.BINARY_CROSSENTROPY, X, Y, 4);
        }
    }

    @Test
    void reluAtZeroIsSkippedAndCountedNotFailed() {
        List<GradientCheck.TensorResult> results = check(Activation.RELU);
        for (GradientCheck.TensorResult r : results) {
            assertTrue(r.worstRelativeError() < 1e-3, r.toString());
        }
        assertTrue(results.get(1).kinkEntries() > 0, "b1 straddles the kink: " + results);
        assertTrue(results.get(2).kinkEntries() == 0, "W2 does not move a ReLU input: " + results);
    }

    @Test
    void aWrongDerivativeStillFails() {
        // W1's entries move z away from zero (x = 1 rows), so the 10% error shows there, kink or not.
        GradientCheck.TensorResult w1 = check(new MutatedRelu()).get(0);
        assertTrue(w1.worstRelativeError() > 1e-2, w1.toString());
    }
}
