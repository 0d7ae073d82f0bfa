package nn.run;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import nn.network.EmbeddingShape;
import nn.network.Footprint;
import nn.spec.ExperimentSpec;
import nn.spec.LayerSpec;
import nn.spec.OptimizerSpec;

/**
 * Supplies {@link Footprint} with the numbers of a whole experiment: each layer's cost from its
 * spec (and the embedding tables of embedded columns), the optimizer's state slots, the batch,
 * and the resident data. {@code check},
 * {@code summary} and the memory guard all ask here, so they report one figure.
 */
public final class RunFootprint {
    /**
     * Trainer, training scorer, validation scorer and test scorer each hold a batch of inputs and
     * targets.
     */
    private static final int BATCH_COPIES = 4;

    private RunFootprint() {
    }

    /**
     * The sizes of a run's data sets; {@code validationRows} and {@code testRows} are 0 without
     * such data ({@code trainRows} 0: unknown, as for a trained model), {@code classWeights} says
     * whether a weight per training row is kept, {@code embedding} is the embedding first layer the
     * data's embedded columns add (null: none).
     */
    public record DataSizes(long trainRows, long validationRows, long testRows, int features, int targets,
                            boolean classWeights, EmbeddingShape embedding) {
        /** Data without embedded columns. */
        public DataSizes(long trainRows, long validationRows, long testRows, int features, int targets,
                         boolean classWeights) {
            this(trainRows, validationRows, testRows, features, targets, classWeights, null);
        }

        /** The sizes of a prepared experiment's data. */
        public static DataSizes of(Experiment experiment) {
            return new DataSizes(experiment.train().rows(),
                    experiment.validation() == null ? 0 : experiment.validation().rows(),
                    experiment.test() == null ? 0 : experiment.test().rows(), experiment.train().features(),
                    experiment.train().targets(), experiment.spec().training().classWeights() != null,
                    SpecNetworks.embedding(experiment.spec().network(), experiment.preprocessing()));
        }
    }

    /** The footprint of a prepared experiment. */
    public static Footprint of(Experiment experiment) {
        return of(experiment.spec(), DataSizes.of(experiment));
    }

    /** The footprint of training {@code spec} on data of {@code sizes}, before any weight is drawn. */
    public static Footprint of(ExperimentSpec spec, DataSizes sizes) {
        List<Footprint.LayerCost> layers = new ArrayList<>();
        long width = spec.network().input();
        EmbeddingShape embedding = sizes.embedding();
        if (embedding != null) {
            // The tables train like any weight (gradients, optimizer state); the next layer reads the vectors.
            layers.add(Footprint.embedding(embedding.numeric(), embedding.vocabularies(), embedding.dims()));
            width = embedding.numeric() + IntStream.of(embedding.dims()).sum();
        }
        for (LayerSpec layer : spec.network().layers()) {
            layers.add(layerCost(layer, width));
            width = layer.units() == null ? width : layer.units();
        }
        // As the Trainer does: a batch is at most the training rows (unknown, 0, for a saved model).
        long batch = sizes.trainRows() > 0 ? Math.min(spec.training().batchSize(), sizes.trainRows())
                : spec.training().batchSize();
        long rowFloats = sizes.features() + sizes.targets();
        // Each set lives twice: the host's Dataset and the backend's copy (the same heap on Java).
        long dataFloats = 2 * (sizes.trainRows() + sizes.validationRows() + sizes.testRows()) * rowFloats
                + (sizes.classWeights() ? 2 * sizes.trainRows() : 0);
        long batchFloats = BATCH_COPIES * rowFloats + (sizes.classWeights() ? 1 : 0);
        return Footprint.estimate(layers, optimizerSlots(spec.optimizer()), batch, batchFloats, dataFloats);
    }

    /** A layer spec's cost on {@code inputs} inputs; the one place a layer type maps to numbers. */
    static Footprint.LayerCost layerCost(LayerSpec layer, long inputs) {
        return switch (layer.type()) {
            case DENSE -> Footprint.dense(inputs, layer.units(), !Boolean.FALSE.equals(layer.bias()),
                    layer.dropout() != null && layer.dropout() > 0);
            // batch_norm keeps its input's width.
            case BATCH_NORM -> Footprint.batchNorm(inputs);
        };
    }

    /** Floats an optimizer keeps per parameter: none for SGD, a velocity with momentum, two moments for Adam. */
    static int optimizerSlots(OptimizerSpec optimizer) {
        return switch (optimizer.type()) {
            case SGD -> optimizer.momentum() != null && optimizer.momentum() > 0 ? 1 : 0;
            case ADAM, ADAMW -> 2;
        };
    }
}
