package nn.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * Data-parallel training on a cluster: the rest of the config means what it means on one
 * machine. Only the separate {@code nn-spark} program runs such a config; plain {@code nn train}
 * refuses it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DistributedSpec(
        @JsonPropertyDescription("The engine; only spark.") @NotNull Backend backend,
        @JsonPropertyDescription("Spark master URL, e.g. local[2] or spark://host:7077; default: what spark-submit says, else local[*].")
        String master,
        @JsonPropertyDescription("Data partitions, each trained by one task per round; default 2.") @Default("2") @Positive Integer partitions,
        @JsonPropertyDescription("gradients: every round averages the partitions' gradients (k = 1 is the single-machine "
                + "run with batch = partitions × batch_size); parameters: each partition takes k local steps, then the "
                + "weights are averaged. Default gradients.")
        @Default("gradients") Sync sync,
        @JsonPropertyDescription("Mini-batches per partition per round (k); default 1.") @Default("1") @Positive Integer every,
        @JsonPropertyDescription("Save a driver checkpoint every this many rounds, for 'nn-spark --resume'; default off.")
        @Positive Integer checkpointRounds,
        @JsonPropertyDescription("Who reads data.train: driver (read once, split into contiguous slices) or executors "
                + "(each task reads its split of a CSV, Parquet or uncompressed IDX file from any Hadoop-compatible "
                + "path; the preprocessing, normaliser and classes come from distributed passes, medians approximate; "
                + "partitions larger than the heap spill to memory-mapped files).")
        @Default("driver") Read read) {

    /** The engine that runs the rounds. */
    public enum Backend {
        @JsonProperty("spark") SPARK
    }

    /** What the partitions exchange each round. */
    public enum Sync {
        @JsonProperty("gradients") GRADIENTS,
        @JsonProperty("parameters") PARAMETERS
    }

    /** Who reads the training data. */
    public enum Read {
        @JsonProperty("driver") DRIVER,
        @JsonProperty("executors") EXECUTORS
    }

    public DistributedSpec {
        read = read == null ? Read.DRIVER : read;
        partitions = partitions == null ? 2 : partitions;
        sync = sync == null ? Sync.GRADIENTS : sync;
        every = every == null ? 1 : every;
    }
}
