package nn.train;

import java.util.List;
import nn.compute.Backend;
import nn.network.Parameter;

/**
 * Clipping by global norm: when ‖g‖ = √(Σ over all gradients of g²) exceeds {@code maxNorm}, every
 * gradient is scaled by maxNorm / ‖g‖, so the step keeps its direction.
 */
record GradientClipping(float maxNorm) {

    /**
     * ‖g‖ over every parameter's gradient, Σg² accumulated in double so that large finite floats do
     * not overflow it; non-finite exactly when some gradient is. The trainer computes it once a step
     * for both the divergence check and clipping.
     */
    static double globalNorm(Backend backend, List<Parameter> parameters) {
        double sum = 0;
        for (Parameter p : parameters) {
            sum += backend.sumOfSquares(p.gradient());
        }
        return Math.sqrt(sum);
    }

    /** Scales the gradients in place when {@code norm}, their global norm, exceeds the limit. */
    void clip(Backend backend, List<Parameter> parameters, double norm) {
        if (norm > maxNorm && Double.isFinite(norm)) {
            float factor = (float) (maxNorm / norm);
            for (Parameter p : parameters) {
                backend.scale(p.gradient(), factor);
            }
        }
    }

    /** Clips the gradients in place; returns the norm before clipping (non-finite when they are). */
    double apply(Backend backend, List<Parameter> parameters) {
        double norm = globalNorm(backend, parameters);
        clip(backend, parameters, norm);
        return norm;
    }
}
