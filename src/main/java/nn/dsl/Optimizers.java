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

    /** SGD with momentum, optionally Nesterov's. */
    public static OptimizerSpec sgd(double learningRate, double momentum, boolean nesterov) {
        return new OptimizerSpec(OptimizerType.SGD, learningRate, momentum, nesterov, null, null, null, null);
    }

    /** Adam with Keras's defaults (β1 0.9, β2 0.999, ε 1e-7). */
    public static OptimizerSpec adam(double learningRate) {
        return new OptimizerSpec(OptimizerType.ADAM, learningRate);
    }

    /** AdamW: Adam with decoupled weight decay. */
    public static OptimizerSpec adamw(double learningRate, double weightDecay) {
        return new OptimizerSpec(OptimizerType.ADAMW, learningRate, null, null, null, null, null, weightDecay);
    }
}
