package nn.network;

import nn.compute.Activation;
import nn.compute.ActivationFunction;

/**
 * The structure of a dense layer before it has parameters: its width, activation, bias flag and
 * weight initialisation ({@code init} null: {@link WeightInit#forActivation}).
 */
public record LayerShape(int units, ActivationFunction activation, boolean hasBias, WeightInit init)
        implements LayerPlan {
    public LayerShape {
        if (units <= 0) {
            throw new IllegalArgumentException("units must be positive, got " + units);
        }
        init = init == null ? WeightInit.forActivation(activation) : init;
    }

    /** A layer with its activation's default initialisation. */
    public LayerShape(int units, ActivationFunction activation, boolean hasBias) {
        this(units, activation, hasBias, null);
    }
}
