package nn.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/** Stop when the validation loss or accuracy has not improved for {@code patience} epochs. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EarlyStoppingSpec(
        @JsonPropertyDescription("val_loss or val_accuracy; default val_loss.") Monitor monitor,
        @JsonPropertyDescription("Epochs without improvement before stopping; default 10.") @Positive Integer patience,
        @JsonPropertyDescription("Least change that counts as an improvement; default 0.") @PositiveOrZero Double minDelta,
        @JsonPropertyDescription("Keep the best epoch's weights, not the last; default true.") Boolean restoreBest) {

    /** What early stopping watches. */
    public enum Monitor {
        @JsonProperty("val_loss") VAL_LOSS,
        @JsonProperty("val_accuracy") VAL_ACCURACY
    }

    public EarlyStoppingSpec {
        monitor = monitor == null ? Monitor.VAL_LOSS : monitor;
        patience = patience == null ? 10 : patience;
        minDelta = minDelta == null ? 0.0 : minDelta;
        restoreBest = restoreBest == null ? Boolean.TRUE : restoreBest;
    }
}
