package nn.dsl;

import nn.spec.OptimizerSpec;
import nn.spec.OptimizerType;

/** Optimizer settings for the DSL, as {@code optimizer:} declares them in YAML. */
public final class Optimizers {
    private Optimizers() {
    }

    /** Plain stochastic gradient descent. */
    public static OptimizerSpec sgd(double learningRate) {
        return new OptimizerSpec(OptimizerType.SGD, learningRate);
    }
}
