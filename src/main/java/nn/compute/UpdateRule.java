package nn.compute;

/**
 * The element-wise rule of one optimizer step, with this step's constants, as {@link Backend#update}
 * applies it to every parameter at once; the formulas are those of {@link Backend#sgdStep},
 * {@link Backend#momentumStep} and {@link Backend#adamStep}.
 */
public sealed interface UpdateRule {

    /** θ ← θ − η·g. */
    record Plain(float learningRate) implements UpdateRule {
    }

    /** Momentum in Keras's form; the velocities are {@link ParameterSet#first()}. */
    record Momentum(float learningRate, float momentum, boolean nesterov) implements UpdateRule {
    }

    /**
     * Adam(W) with the bias-corrected {@code stepSize} of this step and {@code decay} = η·weight_decay;
     * the moments are {@link ParameterSet#first()} and {@link ParameterSet#second()}.
     */
    record Adam(float stepSize, float beta1, float beta2, float epsilon, float decay) implements UpdateRule {
    }
}
