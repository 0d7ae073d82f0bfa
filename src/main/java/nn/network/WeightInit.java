package nn.network;

import java.util.SplittableRandom;
import nn.compute.Activation;
import nn.compute.ActivationFunction;

/**
 * Weight initialisation schemes, drawn from a caller-supplied seeded generator. Normal schemes are
 * plain (untruncated) normals; each scheme's standard deviation is {@link #std}.
 */
public enum WeightInit {
    /** Normal with std √(2 / fan_in): keeps ReLU activations' variance steady (He et al. 2015). */
    HE_NORMAL,
    /** Uniform in ±√(6 / fan_in): the same variance as {@link #HE_NORMAL}. */
    HE_UNIFORM,
    /** Normal with std √(2 / (fan_in + fan_out)) (Glorot &amp; Bengio 2010). */
    GLOROT_NORMAL,
    /** Uniform in ±√(6 / (fan_in + fan_out)): suits sigmoid, tanh, softmax and linear layers. */
    GLOROT_UNIFORM;

    /** The standard deviation this scheme's weights have for the given fans. */
    public double std(int fanIn, int fanOut) {
        return switch (this) {
            case HE_NORMAL, HE_UNIFORM -> Math.sqrt(2.0 / fanIn);
            case GLOROT_NORMAL, GLOROT_UNIFORM -> Math.sqrt(2.0 / (fanIn + fanOut));
        };
    }

    /** fan_in × fan_out weights, row-major. */
    public float[] sample(int fanIn, int fanOut, SplittableRandom random) {
        double std = std(fanIn, fanOut);
        boolean uniform = this == HE_UNIFORM || this == GLOROT_UNIFORM;
        // A uniform in ±a has std a/√3, so a = √3·std (= √(6/fan_in) for He, √(6/(in+out)) for Glorot).
        double limit = Math.sqrt(3) * std;
        float[] w = new float[fanIn * fanOut];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (uniform ? (random.nextDouble() * 2 - 1) * limit : gaussian(random) * std);
        }
        return w;
    }

    /** He-normal for ReLU-like layers, Glorot-uniform otherwise. */
    public static WeightInit forActivation(ActivationFunction activation) {
        return activation == Activation.RELU || activation == Activation.LEAKY_RELU ? HE_NORMAL : GLOROT_UNIFORM;
    }

    /** Box–Muller, so the sequence is defined by the generator alone. */
    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
