package nn.compute.parity;

/**
 * How one backend op fared in a parity run: its worst error relative to the magnitude it is
 * measured against, the tolerance of that check, and the first check that failed.
 *
 * @param op the {@code Backend} method, such as {@code gemm}
 * @param checks how many values were compared
 * @param worstError the largest |backend − reference| / (s + ABS/tolerance) (s the value's or its
 *     terms' magnitude); a value within tolerance has worstError ≤ tolerance. Exact checks report
 *     |backend − reference| with tolerance 0
 * @param tolerance the relative tolerance of the check with the worst error
 * @param passed whether every check of the op was within its tolerance
 * @param firstFailure where and by how much the first failed check missed, or null
 */
public record OpResult(String op, int checks, double worstError, double tolerance, boolean passed,
        String firstFailure) {
}
