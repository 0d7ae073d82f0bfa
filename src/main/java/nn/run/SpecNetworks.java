package nn.run;

import java.util.List;
import nn.network.LayerShape;
import nn.network.Network;
import nn.spec.NetworkSpec;

/** Turns a network spec into a {@link Network}: the one place layer specs become layers. */
public final class SpecNetworks {
    private SpecNetworks() {
    }

    /** The network {@code spec} declares, with weights drawn from {@code seed}. */
    public static Network build(NetworkSpec spec, long seed) {
        return Network.initialize(spec.input(), shapes(spec), seed);
    }

    /** The layers' shapes, initialisation included. */
    public static List<LayerShape> shapes(NetworkSpec spec) {
        return spec.layers().stream()
                .map(l -> new LayerShape(l.units(), SpecTypes.activation(l.activation()), l.bias(),
                        SpecTypes.weightInit(l.init())))
                .toList();
    }
}
