package nn.train;

import java.util.List;
import nn.compute.Backend;
import nn.compute.StepGuard;
import nn.compute.Tensor;
import nn.network.Parameter;

/**
 * An update rule. {@link #bind} allocates its state (moments, velocities) once per run; each
 * {@link Step#apply} is one fused backend op per parameter.
 */
public interface Optimizer {

    /** The base learning rate η, before any schedule scales it. */
    float learningRate();

    /** Prepares to update {@code parameters} on {@code backend}. */
    Step bind(Backend backend, List<Parameter> parameters);

    /**
     * One update of every bound parameter from its current gradient. A step with state (moments,
     * velocities, a step count) exposes it so that checkpoints can save and restore it.
     */
    interface Step {
        /** Applies one update with this step's learning rate (the schedule's, or the base rate). */
        default void apply(float learningRate) {
            apply(learningRate, null);
        }

        /**
         * As {@link #apply(float)}, guarded by {@code guard} (null: unguarded): clipped, and skipped
         * and recorded when the step is not finite; see {@link Backend#update}.
         */
        void apply(float learningRate, StepGuard guard);

        /** The tensors the rule keeps between updates, in a fixed order; empty when it keeps none. */
        default List<Tensor> state() {
            return List.of();
        }

        /** Updates applied so far (Adam's bias correction depends on it); 0 when the rule does not count. */
        default long count() {
            return 0;
        }

        /** Sets the update count, when resuming from a checkpoint. */
        default void restoreCount(long count) {
        }
    }

    /** Rejects anything but a finite number {@code > 0}. */
    static float positive(String name, float value) {
        if (!(value > 0) || !Float.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a positive number, got " + value);
        }
        return value;
    }

    /** Rejects anything outside [0, 1). */
    static float fraction(String name, float value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
        return value;
    }
}
