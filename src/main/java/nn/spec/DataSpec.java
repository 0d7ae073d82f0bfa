package nn.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** Where the samples come from and how features are scaled. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DataSpec(
        @JsonPropertyDescription("Training samples.") @NotNull @Valid DataSourceSpec train,
        @JsonPropertyDescription("Optional held-out samples, reported after training.") @Valid DataSourceSpec test,
        @JsonPropertyDescription("Optional validation samples, scored every epoch (instead of training.validation_split).")
        @Valid DataSourceSpec validation,
        @JsonPropertyDescription("Feature scaling, fitted on the training data only and saved with the model.")
        @Default("none") NormalizeType normalize) {

    /** Train and test data without validation data. */
    public DataSpec(DataSourceSpec train, DataSourceSpec test, NormalizeType normalize) {
        this(train, test, null, normalize);
    }

    public DataSpec {
        normalize = normalize == null ? NormalizeType.NONE : normalize;
    }
}
