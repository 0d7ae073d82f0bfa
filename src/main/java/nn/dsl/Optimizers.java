package nn.dsl;

import nn.spec.OptimizerSpec;
import nn.train.Adam;
import nn.train.Optimizer;
import nn.train.Sgd;

/** The optimizer an {@link OptimizerSpec} declares, with Keras's defaults for keys left out. */
public final class Optimizers {
    private Optimizers() {
    }

    /** Checks that every key given applies to the type, then builds the optimizer. */
    public static Optimizer from(OptimizerSpec spec) {
        spec.check();
        float rate = (float) spec.learningRateOrDefault();
        return switch (spec.type()) {
            case SGD -> new Sgd(rate, value(spec.momentum(), 0f), Boolean.TRUE.equals(spec.nesterov()));
            case ADAM, ADAMW -> new Adam(rate, value(spec.beta1(), Adam.DEFAULT_BETA1),
                    value(spec.beta2(), Adam.DEFAULT_BETA2), value(spec.epsilon(), Adam.DEFAULT_EPSILON),
                    spec.type() == nn.spec.OptimizerType.ADAMW ? value(spec.weightDecay(), Adam.DEFAULT_WEIGHT_DECAY) : 0f);
        };
    }

    private static float value(Double given, float fallback) {
        return given == null ? fallback : given.floatValue();
    }
}
