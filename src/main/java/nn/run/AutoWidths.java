package nn.run;

import java.util.List;
import nn.compute.Loss;
import nn.spec.ExperimentSpec;
import nn.spec.LayerSpec;
import nn.spec.NetworkSpec;

/**
 * Fills in {@code network.input} and the output layer's {@code units} left out or {@code auto}:
 * the encoded width of the training data, and the class count (1 for two classes under
 * binary_crossentropy, and for regression). Given numbers are kept and checked against the data
 * by {@link Experiments} (and by nn-spark, whose executors read the data).
 */
public final class AutoWidths {
    private AutoWidths() {
    }

    /** {@code spec} with its {@code auto} widths set from the encoded {@code inputs} and the {@code classes}. */
    public static ExperimentSpec resolve(ExperimentSpec spec, List<String> inputs, List<String> classes, Loss loss) {
        NetworkSpec network = spec.network();
        LayerSpec output = network.layers().get(network.layers().size() - 1);
        if (network.input() != null && output.units() != null) {
            return spec;
        }
        int units = output.units() != null ? output.units()
                : loss == Loss.CATEGORICAL_CROSSENTROPY ? classes.size() : 1;
        int input = network.input() != null ? network.input() : inputs.size();
        return new ExperimentSpec(spec.name(), spec.seed(), spec.device(), spec.deviceIndex(),
                network.withWidths(input, units), spec.loss(), spec.optimizer(), spec.training(), spec.data());
    }
}
