package nn.compute.parity;

/**
 * The tolerances of the backend contract, in one place and the same for every backend: per
 * element |backend − reference| ≤ {@link #ABS} + {@link #REL}·s, where s is |reference| for
 * element-wise results, (|A|·|B|)ᵢⱼ (the product on magnitudes) for GEMM, and the sum of the
 * magnitudes of the terms for column sums and the batch-norm sums; loss sums and sums of squares
 * within ABS + REL·|reference|. Gathers, copies and counts are exact. One exception,
 * {@link #REL_SATURATED_TANH}: deltas of a tanh output under a cross-entropy loss (pairs the config
 * rejects), where 1 − a² cancels as tanh saturates and a device's float tanh, unlike Java's double
 * one, is not correctly rounded
 * (PoCL's misses by up to 1.0e-4 relative, weighted by up to 5).
 */
public final class ParityTolerance {
    /** Absolute part of the per-element tolerance. */
    public static final double ABS = 1e-6;
    /** Relative part, times the magnitude of the value or of its terms. */
    public static final double REL = 1e-5;
    /** Relative part for deltas of saturated tanh outputs under cross-entropy. */
    public static final double REL_SATURATED_TANH = 3e-4;

    private ParityTolerance() {
    }
}
