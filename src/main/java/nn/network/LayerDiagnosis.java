package nn.network;

/**
 * What one layer held after the last forward and backward pass: its pre-activations Z (bias
 * added, batch rows only) and its parameter gradients (weights and bias together). Read back for
 * divergence reports, never during normal training.
 *
 * @param layer 1-based, in forward order
 */
public record LayerDiagnosis(int layer, TensorStats preActivations, TensorStats gradients) {

    /** Whether Z or a gradient holds a NaN or an infinity. */
    public boolean nonFinite() {
        return !preActivations.finite() || !gradients.finite();
    }
}
