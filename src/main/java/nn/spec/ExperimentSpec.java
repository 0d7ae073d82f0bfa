package nn.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** A whole training run: what to build, how to train it, on which data and device. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExperimentSpec(
        @JsonPropertyDescription("Run name; the model lands in models/<name>/.")
        @NotNull @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*",
                message = "must be a plain name of letters, digits, '.', '_' or '-'")
        @Size(max = 100, message = "must be at most 100 characters (it names the model folder)") String name,
        @JsonPropertyDescription("Seed for initialisation and shuffling.") @Default("42") Long seed,
        @JsonPropertyDescription("Where to train: auto picks an OpenCL GPU when one is usable, else Java threads.") @Default("auto") DeviceType device,
        @JsonPropertyDescription("Which OpenCL device, by its index in 'java -jar nn.jar devices'; the first usable one when left out.")
        @PositiveOrZero Integer deviceIndex,
        @JsonPropertyDescription("Layer sizes and activations.") @NotNull @Valid NetworkSpec network,
        @JsonPropertyDescription("Loss function.") @NotNull LossType loss,
        @JsonPropertyDescription("Optimizer and learning rate.") @NotNull @Valid OptimizerSpec optimizer,
        @JsonPropertyDescription("Epochs, batch size, shuffling.") @NotNull @Valid TrainingSpec training,
        @JsonPropertyDescription("Training and test data.") @NotNull @Valid DataSpec data,
        @JsonPropertyDescription("Train data-parallel on a cluster (run by nn-spark, not nn train); default: one machine.")
        @Valid DistributedSpec distributed) {

    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 42L;

    /** A single-machine run (no {@code distributed} block). */
    public ExperimentSpec(String name, Long seed, DeviceType device, Integer deviceIndex, NetworkSpec network,
                          LossType loss, OptimizerSpec optimizer, TrainingSpec training, DataSpec data) {
        this(name, seed, device, deviceIndex, network, loss, optimizer, training, data, null);
    }

    /** This spec with {@code other} as its data. */
    public ExperimentSpec withData(DataSpec other) {
        return new ExperimentSpec(name, seed, device, deviceIndex, network, loss, optimizer, training, other, distributed);
    }

    public ExperimentSpec {
        seed = seed == null ? DEFAULT_SEED : seed;
        device = device == null ? DeviceType.AUTO : device;
    }
}
