package nn.network;

import java.util.SplittableRandom;
import nn.compute.Activation;

/** Weight initialisation schemes, drawn from a caller-supplied seeded generator. */
enum Initializers {
    /** Normal with std √(2 / fan_in): keeps ReLU activations' variance steady. */
    HE_NORMAL {
        @Override
        float[] sample(int fanIn, int fanOut, SplittableRandom random) {
            double std = Math.sqrt(2.0 / fanIn);
            float[] w = new float[fanIn * fanOut];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (gaussian(random) * std);
            }
            return w;
        }
    },
    /** Uniform in ±√(6 / (fan_in + fan_out)): suits sigmoid, tanh, softmax and linear layers. */
    GLOROT_UNIFORM {
        @Override
        float[] sample(int fanIn, int fanOut, SplittableRandom random) {
            double limit = Math.sqrt(6.0 / (fanIn + fanOut));
            float[] w = new float[fanIn * fanOut];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
            return w;
        }
    };

    abstract float[] sample(int fanIn, int fanOut, SplittableRandom random);

    static Initializers forActivation(Activation activation) {
        return activation == Activation.RELU || activation == Activation.LEAKY_RELU ? HE_NORMAL : GLOROT_UNIFORM;
    }

    /** Box–Muller, so the sequence is defined by the generator alone. */
    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
