package nn.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.Map;

/** Where the samples come from and how features are scaled. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DataSpec(
        @JsonPropertyDescription("Training samples.") @NotNull @Valid DataSourceSpec train,
        @JsonPropertyDescription("Optional held-out samples, reported after training.") @Valid DataSourceSpec test,
        @JsonPropertyDescription("Optional validation samples, scored every epoch (instead of training.validation_split).")
        @Valid DataSourceSpec validation,
        @JsonPropertyDescription("Feature scaling, fitted on the training data only and saved with the model.")
        @Default("none") NormalizeType normalize,
        @JsonPropertyDescription("CSV columns declared by name: NAME: categorical, or NAME: {type, missing, fill, "
                + "encoding, dim}; undeclared columns are inferred (text: categorical, numbers: numeric).")
        Map<String, @Valid FeatureSpec> features,
        @JsonPropertyDescription("Missing numeric cells: median (default), mean, or error (refuse them); categorical "
                + "columns get a 'missing' category unless error.") MissingType missing,
        @JsonPropertyDescription("Most one-hot categories per column (default 100); rarer values share the "
                + "column's 'other' input.") @Positive Integer maxCategories,
        @JsonPropertyDescription("Fewest training rows a category needs for its own one-hot input (default 1).")
        @Positive Integer minFrequency,
        @JsonPropertyDescription("Categorical columns with more than this many categories (values with at least "
                + "min_frequency rows) are embedded unless declared encoding: one_hot (default 50; 0 embeds every "
                + "categorical column).") @PositiveOrZero Integer embeddingAbove) {

    /** Train and test data without validation data. */
    public DataSpec(DataSourceSpec train, DataSourceSpec test, NormalizeType normalize) {
        this(train, test, null, normalize);
    }

    /** Train, test and validation data with inferred column types and default encodings. */
    public DataSpec(DataSourceSpec train, DataSourceSpec test, DataSourceSpec validation, NormalizeType normalize) {
        this(train, test, validation, normalize, null, null, null, null, null);
    }

    /** This data spec with other sources (absolute paths, say), its column declarations kept. */
    public DataSpec withSources(DataSourceSpec train, DataSourceSpec test, DataSourceSpec validation) {
        return new DataSpec(train, test, validation, normalize, features, missing, maxCategories, minFrequency,
                embeddingAbove);
    }

    public DataSpec {
        features = features == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(features));
        normalize = normalize == null ? NormalizeType.NONE : normalize;
    }
}
