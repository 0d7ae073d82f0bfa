package nn.train;

import java.util.List;
import nn.compute.Backend;
import nn.network.Parameter;

/** An update rule. {@link #bind} allocates its state (moments, velocities) once per run. */
public interface Optimizer {

    /** Prepares to update {@code parameters} on {@code backend}. */
    Step bind(Backend backend, List<Parameter> parameters);

    /** One update of every bound parameter from its current gradient. */
    interface Step {
        void apply();
    }
}
