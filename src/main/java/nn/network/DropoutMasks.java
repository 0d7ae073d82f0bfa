package nn.network;

/**
 * Where dropout masks come from during a training forward pass. The trainer draws them from the
 * run's seeded generator, so a seed fixes every mask; a gradient check supplies fixed ones.
 */
@FunctionalInterface
public interface DropoutMasks {
    /**
     * Fills {@code mask[0..count)} for layer {@code layer} (0-based) with 0 (dropped) or
     * 1 / (1 − rate) (kept), in row-major batch order.
     */
    void fill(int layer, float rate, float[] mask, int count);
}
