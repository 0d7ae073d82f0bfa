package nn.train;

import java.util.ArrayList;
import java.util.List;
import nn.compute.Backend;
import nn.compute.Tensor;
import nn.network.Parameter;

/**
 * Stochastic gradient descent, θ ← θ − η·∇θ, optionally with momentum in Keras's form
 * (v ← μ·v − η·∇θ; θ ← θ + v, or θ ← θ + μ·v − η·∇θ with Nesterov).
 *
 * @param learningRate η, the base step size
 * @param momentum     μ in [0, 1); 0 (the default) is plain SGD and keeps no state
 * @param nesterov     Nesterov's look-ahead form of momentum; default false
 */
public record Sgd(float learningRate, float momentum, boolean nesterov) implements Optimizer {

    public Sgd {
        Optimizer.positive("learning rate", learningRate);
        Optimizer.fraction("momentum", momentum);
    }

    /** Plain SGD. */
    public Sgd(float learningRate) {
        this(learningRate, 0f, false);
    }

    @Override
    public Step bind(Backend backend, List<Parameter> parameters) {
        List<Parameter> bound = List.copyOf(parameters);
        if (momentum == 0f) {
            return rate -> {
                for (Parameter p : bound) {
                    backend.sgdStep(p.value(), p.gradient(), rate);
                }
            };
        }
        List<Tensor> velocities = new ArrayList<>();
        for (Parameter p : bound) {
            velocities.add(backend.allocate(p.value().rows(), p.value().cols()));
        }
        return new Step() {
            @Override
            public void apply(float rate) {
                for (int i = 0; i < bound.size(); i++) {
                    Parameter p = bound.get(i);
                    backend.momentumStep(p.value(), p.gradient(), velocities.get(i), rate, momentum, nesterov);
                }
            }

            @Override
            public List<Tensor> state() {
                return List.copyOf(velocities);
            }
        };
    }

    @Override
    public String toString() {
        return "sgd(learning_rate=" + learningRate + (momentum == 0f ? "" : ", momentum=" + momentum)
                + (nesterov ? ", nesterov=true" : "") + ")";
    }
}
