package nn.network;

/**
 * A layer's training-time regularisation: an L2 penalty λ·ΣW² on its weights (not its biases, as
 * Keras's kernel_regularizer), and inverted dropout of its outputs at {@code dropout} rate. Neither
 * applies at evaluation or prediction.
 *
 * @param l2      λ ≥ 0; the penalty adds λ·ΣW² to the loss and 2λ·W to the weight gradient
 * @param dropout rate in [0, 1): each output is zeroed with this probability during training and
 *                the survivors scaled by 1 / (1 − rate), so evaluation needs no rescaling
 */
public record Regularization(float l2, float dropout) {
    /** No regularisation. */
    public static final Regularization NONE = new Regularization(0f, 0f);

    public Regularization {
        if (!(l2 >= 0) || !Float.isFinite(l2)) {
            throw new IllegalArgumentException("l2 must be a number >= 0, got " + l2);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }
}
