package nn.compute;

import java.util.List;

/**
 * The default (unfused) forms of the fused step ops of {@link Backend}, built from its single ops in
 * the order the training step always ran them, so a backend that keeps these defaults computes
 * bit for bit what it computed before the fused ops existed.
 */
final class StepOps {
    private StepOps() {
    }

    /** The guarded update: finiteness of the batch loss and of ‖g‖ (in double), clipping, then the rule. */
    static void update(Backend backend, ParameterSet params, UpdateRule rule, StepGuard guard) {
        if (guard != null) {
            if (guard.totals().nonFiniteRecorded()) {
                return;
            }
            double norm = globalNorm(backend, params.gradients());
            if (!guard.totals().batchFinite() || !Double.isFinite(norm)) {
                guard.totals().recordNonFinite(guard.epoch(), guard.batch());
                return;
            }
            if (guard.clipNorm() > 0 && norm > guard.clipNorm()) {
                float factor = (float) (guard.clipNorm() / norm);
                for (Tensor g : params.gradients()) {
                    backend.scale(g, factor);
                }
            }
        }
        apply(backend, params, rule);
    }

    /** ‖g‖ over every gradient, Σg² in double so that large finite floats do not overflow it. */
    static double globalNorm(Backend backend, List<Tensor> gradients) {
        double sum = 0;
        for (Tensor g : gradients) {
            sum += backend.sumOfSquares(g);
        }
        return Math.sqrt(sum);
    }

    private static void apply(Backend backend, ParameterSet params, UpdateRule rule) {
        List<Tensor> values = params.values();
        List<Tensor> grads = params.gradients();
        for (int i = 0; i < values.size(); i++) {
            if (rule instanceof UpdateRule.Plain p) {
                backend.sgdStep(values.get(i), grads.get(i), p.learningRate());
            } else if (rule instanceof UpdateRule.Momentum m) {
                backend.momentumStep(values.get(i), grads.get(i), params.first().get(i), m.learningRate(),
                        m.momentum(), m.nesterov());
            } else if (rule instanceof UpdateRule.Adam a) {
                backend.adamStep(values.get(i), grads.get(i), params.first().get(i), params.second().get(i),
                        a.stepSize(), a.beta1(), a.beta2(), a.epsilon(), a.decay());
            }
        }
    }
}
