package nn.run;

import java.util.ArrayList;
import java.util.List;
import nn.data.ColumnEncoder;
import nn.data.Preprocessing;
import nn.network.BatchNormShape;
import nn.network.EmbeddingShape;
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

    /**
     * As {@link #build(NetworkSpec, long)}, behind an embedding first layer for {@code preprocessing}'s
     * embedded columns (their ids are its last inputs); just the spec's network when it has none.
     */
    public static Network build(NetworkSpec spec, long seed, Preprocessing preprocessing) {
        EmbeddingShape embedding = embedding(spec, preprocessing);
        if (embedding == null) {
            return build(spec, seed);
        }
        spec.check();
        List<LayerPlan> plans = new ArrayList<>();
        plans.add(embedding);
        plans.addAll(plans(spec));
        return Network.initialize(spec.input(), plans, seed);
    }

    /**
     * The embedding first layer {@code preprocessing}'s embedded columns put in front of
     * {@code spec}'s layers (their ids are its last inputs), or null when it has none.
     */
    public static EmbeddingShape embedding(NetworkSpec spec, Preprocessing preprocessing) {
        List<ColumnEncoder> embedded = preprocessing == null ? List.of() : preprocessing.embedded();
        if (embedded.isEmpty()) {
            return null;
        }
        int[] vocabularies = embedded.stream().mapToInt(ColumnEncoder::vocabulary).toArray();
        int[] dims = embedded.stream().mapToInt(ColumnEncoder::embedDim).toArray();
        return new EmbeddingShape(spec.input() - embedded.size(), vocabularies, dims);
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
