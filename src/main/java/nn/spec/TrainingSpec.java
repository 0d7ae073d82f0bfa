package nn.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** The training loop's settings. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingSpec(
        @JsonPropertyDescription("Passes over the training data.") @NotNull @Positive Integer epochs,
        @JsonPropertyDescription("Samples per gradient step.") @NotNull @Positive Integer batchSize,
        @JsonPropertyDescription("Reshuffle the samples every epoch.") @Default("true") Boolean shuffle) {

    public TrainingSpec {
        shuffle = shuffle == null ? Boolean.TRUE : shuffle;
    }
}
