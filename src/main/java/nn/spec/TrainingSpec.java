package nn.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/** The training loop's settings. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingSpec(
        @JsonPropertyDescription("Passes over the training data.") @NotNull @Positive @Max(MAX_EPOCHS) Integer epochs,
        @JsonPropertyDescription("Samples per gradient step.") @NotNull @Positive Integer batchSize,
        @JsonPropertyDescription("Reshuffle the samples every epoch.") @Default("true") Boolean shuffle,
        @JsonPropertyDescription("Learning-rate schedule; default constant.") @Valid ScheduleSpec schedule,
        @JsonPropertyDescription("L2 penalty λ·ΣW² on every layer's weights (a layer's own l2 wins); default 0.")
        @PositiveOrZero Double l2,
        @JsonPropertyDescription("Clip the gradients' global L2 norm to this; default off.") @Positive Double clipNorm,
        @JsonPropertyDescription("Fraction of the training rows held out for validation (stratified, seeded), "
                + "in (0, 1); default none.")
        @Positive @DecimalMax(value = "1", inclusive = false, message = "must be less than 1") Double validationSplit,
        @JsonPropertyDescription("Stop when the validation metric stops improving; default off.")
        @Valid EarlyStoppingSpec earlyStopping,
        @JsonPropertyDescription("Save a checkpoint every this many epochs under models/NAME/checkpoints/, "
                + "for 'train --resume'; default off.")
        @Positive Integer checkpointEvery,
        @JsonPropertyDescription("Class weights in the training loss (classification only): 'balanced' "
                + "(n_samples / (n_classes · count), counted on the training split) or a mapping naming every "
                + "class once with a positive weight, e.g. {setosa: 1, versicolor: 2, virginica: 2}; default none.")
        Object classWeights) {

    /** More passes than anyone runs (a typo near 2^31 would otherwise be an out-of-memory error). */
    public static final int MAX_EPOCHS = 100_000_000;

    public TrainingSpec {
        shuffle = shuffle == null ? Boolean.TRUE : shuffle;
    }

    /** Everything but checkpoints. */
    public TrainingSpec(Integer epochs, Integer batchSize, Boolean shuffle, ScheduleSpec schedule, Double l2,
                        Double clipNorm, Double validationSplit, EarlyStoppingSpec earlyStopping) {
        this(epochs, batchSize, shuffle, schedule, l2, clipNorm, validationSplit, earlyStopping, null);
    }

    /** Everything but class weights. */
    public TrainingSpec(Integer epochs, Integer batchSize, Boolean shuffle, ScheduleSpec schedule, Double l2,
                        Double clipNorm, Double validationSplit, EarlyStoppingSpec earlyStopping,
                        Integer checkpointEvery) {
        this(epochs, batchSize, shuffle, schedule, l2, clipNorm, validationSplit, earlyStopping, checkpointEvery, null);
    }

    /** Epochs, batch size and shuffling; nothing else. */
    public TrainingSpec(Integer epochs, Integer batchSize, Boolean shuffle) {
        this(epochs, batchSize, shuffle, null, null, null, null, null);
    }
}
