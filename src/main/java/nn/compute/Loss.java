package nn.compute;

/**
 * Loss functions, each averaged over the batch. Binary cross-entropy and mean squared error are
 * also averaged over output units (as Keras does); categorical cross-entropy sums over classes.
 */
public enum Loss {
    BINARY_CROSSENTROPY,
    CATEGORICAL_CROSSENTROPY,
    MEAN_SQUARED_ERROR;

    /** Outputs are clipped to [EPSILON, 1 − EPSILON] before a logarithm, as Keras does. */
    public static final float EPSILON = 1e-7f;

    /** Whether this loss needs outputs in (0, 1), that is a sigmoid or softmax output layer. */
    public boolean needsProbabilities() {
        return this != MEAN_SQUARED_ERROR;
    }
}
