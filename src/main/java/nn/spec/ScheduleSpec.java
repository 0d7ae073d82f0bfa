package nn.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * The learning rate per epoch: after {@code warmup_epochs} of linear warm-up from η/W to η,
 * constant η, η·gamma every {@code step_epochs} epochs, or a cosine from η towards 0 over the
 * remaining epochs.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScheduleSpec(
        @JsonPropertyDescription("constant, step or cosine; default constant.") ScheduleType type,
        @JsonPropertyDescription("step only: epochs between decays; default 10.") @Positive Integer stepEpochs,
        @JsonPropertyDescription("step only: factor of each decay, in (0, 1]; default 0.5.")
        @Positive @DecimalMax(value = "1", message = "must be at most 1") Double gamma,
        @JsonPropertyDescription("Epochs of linear warm-up before the schedule; default 0.") @PositiveOrZero Integer warmupEpochs) {

    public ScheduleSpec {
        type = type == null ? ScheduleType.CONSTANT : type;
        warmupEpochs = warmupEpochs == null ? 0 : warmupEpochs;
    }

    /** Rejects step-only keys on other types. */
    public void check(String path) {
        if (type != ScheduleType.STEP) {
            String key = stepEpochs != null ? "step_epochs" : gamma != null ? "gamma" : null;
            if (key != null) {
                throw new SpecException(path + "." + key, "'" + key + "' applies to the step schedule; expected "
                        + "type: step, or no " + key + " with " + type.yamlName());
            }
        }
    }
}
