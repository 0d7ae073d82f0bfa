package nn.train;

import java.util.List;
import nn.compute.Backend;
import nn.network.Parameter;

/**
 * Clipping by global norm: when ‖g‖ = √(Σ over all gradients of g²) exceeds {@code maxNorm}, every
 * gradient is scaled by maxNorm / ‖g‖, so the step keeps its direction.
 */
record GradientClipping(float maxNorm) {

    /** Clips the gradients in place; returns the norm before clipping (non-finite when they are). */
    double apply(Backend backend, List<Parameter> parameters) {
        double sum = 0;
        for (Parameter p : parameters) {
            sum += backend.sumOfSquares(p.gradient());
        }
        double norm = Math.sqrt(sum);
        if (norm > maxNorm && Double.isFinite(norm)) {
            float factor = (float) (maxNorm / norm);
            for (Parameter p : parameters) {
                backend.scale(p.gradient(), factor);
            }
        }
        return norm;
    }
}
