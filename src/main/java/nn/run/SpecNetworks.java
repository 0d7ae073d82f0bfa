package nn.run;

import java.util.ArrayList;
import java.util.List;
import nn.network.BatchNormShape;
import nn.network.LayerPlan;
import nn.network.LayerShape;
import nn.network.Network;
import nn.spec.NetworkSpec;

/** Turns a network spec into a {@link Network}: the one place layer specs become layers. */
public final class SpecNetworks {
    private SpecNetworks() {
    }

    /** The network {@code spec} declares, with weights drawn from {@code seed}. */
    public static Network build(NetworkSpec spec, long seed) {
        spec.check();
        return Network.initialize(spec.input(), plans(spec), seed);
    }

    /** Each layer spec's structure (initialisation included), without values. */
    public static List<LayerPlan> plans(NetworkSpec spec) {
        List<LayerPlan> plans = new ArrayList<>();
        for (var l : spec.layers()) {
            plans.add(switch (l.type()) {
                case DENSE -> new LayerShape(l.units(), SpecTypes.activation(l.activation()), l.bias(),
                        SpecTypes.weightInit(l.init()));
                case BATCH_NORM -> new BatchNormShape((float) l.momentumOrDefault(), (float) l.epsilonOrDefault());
            });
        }
        return plans;
    }
}
