package nn.train;

/**
 * The learning rate per epoch (1-based) as a multiple of the optimizer's base rate η.
 * With W warm-up epochs, epoch e ≤ W runs at η·e/W; after that e' = e − W and E' = epochs − W:
 * <ul>
 *   <li>{@code CONSTANT}: η</li>
 *   <li>{@code STEP}: η·γ^⌊(e' − 1) / stepEpochs⌋ (γ every {@code stepEpochs} epochs)</li>
 *   <li>{@code COSINE}: η·½·(1 + cos(π·(e' − 1) / E')), from η down towards 0, never reaching it</li>
 * </ul>
 *
 * @param type         the shape of the curve
 * @param stepEpochs   epochs between decays of {@code STEP}; ≥ 1
 * @param gamma        factor of each {@code STEP} decay, in (0, 1]
 * @param warmupEpochs linear warm-up epochs W ≥ 0 before the curve starts
 */
public record LearningRateSchedule(Type type, int stepEpochs, float gamma, int warmupEpochs) {

    /** The shape of the schedule after warm-up. */
    public enum Type { CONSTANT, STEP, COSINE }

    /** The base rate throughout. */
    public static final LearningRateSchedule CONSTANT = new LearningRateSchedule(Type.CONSTANT, 1, 1f, 0);

    public LearningRateSchedule {
        if (stepEpochs < 1 || !(gamma > 0 && gamma <= 1) || warmupEpochs < 0) {
            throw new IllegalArgumentException("schedule needs step_epochs >= 1, gamma in (0, 1] and warmup_epochs >= 0; got "
                    + stepEpochs + ", " + gamma + ", " + warmupEpochs);
        }
    }

    /** The learning rate of {@code epoch} (1-based) of {@code epochs}, for base rate {@code base}. */
    public float rate(float base, int epoch, int epochs) {
        if (epoch <= warmupEpochs) {
            return (float) ((double) base * epoch / warmupEpochs);
        }
        int e = epoch - warmupEpochs;
        int span = Math.max(1, epochs - warmupEpochs);
        return switch (type) {
            case CONSTANT -> base;
            case STEP -> (float) (base * Math.pow(gamma, (e - 1) / stepEpochs));
            case COSINE -> (float) (base * 0.5 * (1 + Math.cos(Math.PI * (e - 1) / span)));
        };
    }

    @Override
    public String toString() {
        String shape = switch (type) {
            case CONSTANT -> "constant";
            case STEP -> "step(every " + stepEpochs + " epochs x " + gamma + ")";
            case COSINE -> "cosine";
        };
        return warmupEpochs > 0 ? shape + " after " + warmupEpochs + " warm-up epochs" : shape;
    }
}
