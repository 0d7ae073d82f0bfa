package nn.train;

import java.util.ArrayList;
import java.util.List;
import nn.compute.Backend;
import nn.compute.ParameterSet;
import nn.compute.StepGuard;
import nn.compute.Tensor;
import nn.compute.UpdateRule;
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
        List<Tensor> values = new ArrayList<>();
        List<Tensor> grads = new ArrayList<>();
        List<Tensor> velocities = new ArrayList<>();
        for (Parameter p : parameters) {
            values.add(p.value());
            grads.add(p.gradient());
            if (momentum != 0f) {
                velocities.add(backend.allocate(p.value().rows(), p.value().cols()));
            }
        }
        ParameterSet set = new ParameterSet(values, grads, velocities, List.of());
        if (momentum == 0f) {
            return (rate, guard) -> backend.update(set, new UpdateRule.Plain(rate), guard);
        }
        return new Step() {
            @Override
            public void apply(float rate, StepGuard guard) {
                backend.update(set, new UpdateRule.Momentum(rate, momentum, nesterov), guard);
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
