package nn.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One CSV column's declared treatment ({@code data.features.NAME}); every key is optional and
 * {@code NAME: categorical} is short for {@code NAME: {type: categorical}}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FeatureSpec(
        @JsonPropertyDescription("numeric or categorical; inferred from the training file when left out.") FeatureType type,
        @JsonPropertyDescription("Missing cells: median (default), mean or constant (numeric), or error; overrides data.missing.")
        MissingType missing,
        @JsonPropertyDescription("The value of missing cells under missing: constant.") Double fill,
        @JsonPropertyDescription("Categorical encoding: one_hot, or embedding (one id input looked up in a trained table); "
                + "by default one_hot up to data.embedding_above categories, embedding above.") EncodingType encoding,
        @JsonPropertyDescription("The embedding's vector width (encoding: embedding); default min(600, round(1.6·n^0.56)) "
                + "for n table rows.") Integer dim) {

    /** Just a type. */
    public FeatureSpec(FeatureType type) {
        this(type, null, null, null, null);
    }
}
