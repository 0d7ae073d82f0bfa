package nn.compute;

/**
 * The shape rules of the batch-norm ops, shared by every backend so that they refuse the same
 * arguments with the same message. (No varargs: a training step allocates nothing.)
 */
public final class BatchNormShapes {
    private BatchNormShapes() {
    }

    /** Checks that {@code other} has the shape of the batch {@code x}. */
    public static void sameShape(String op, Tensor x, Tensor other) {
        if (other.rows() != x.rows() || other.cols() != x.cols()) {
            throw new IllegalArgumentException(op + ": shapes " + x.rows() + "x" + x.cols() + " and "
                    + other.rows() + "x" + other.cols() + " differ");
        }
    }

    /** Checks that each of {@code a} and {@code b} is a per-column vector of x: 1 × x.cols(). */
    public static void perColumn(String op, Tensor x, Tensor a, Tensor b) {
        perColumn(op, x, a);
        perColumn(op, x, b);
    }

    private static void perColumn(String op, Tensor x, Tensor v) {
        if (v.rows() != 1 || v.cols() != x.cols()) {
            throw new IllegalArgumentException(op + ": a per-column vector of " + v.rows() + "x" + v.cols()
                    + " for " + x.cols() + " columns; expected 1x" + x.cols());
        }
    }
}
