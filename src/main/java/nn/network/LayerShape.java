package nn.network;

import nn.compute.Activation;

/** The structure of a layer before it has parameters: its width, activation and bias flag. */
public record LayerShape(int units, Activation activation, boolean hasBias) {
    public LayerShape {
        if (units <= 0) {
            throw new IllegalArgumentException("units must be positive, got " + units);
        }
    }
}
