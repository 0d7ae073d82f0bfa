package nn.train;

import java.util.List;
import nn.compute.Backend;
import nn.network.Parameter;

/** Plain stochastic gradient descent: θ ← θ − η·∇θ. */
public record Sgd(float learningRate) implements Optimizer {

    public Sgd {
        if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
    }

    @Override
    public Step bind(Backend backend, List<Parameter> parameters) {
        List<Parameter> bound = List.copyOf(parameters);
        return () -> {
            for (Parameter p : bound) {
                backend.sgdStep(p.value(), p.gradient(), learningRate);
            }
        };
    }

    @Override
    public String toString() {
        return "sgd(learning_rate=" + learningRate + ")";
    }
}
