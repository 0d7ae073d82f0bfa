package nn.train;

import java.util.List;
import nn.compute.Loss;
import nn.network.Regularization;

/**
 * How to train: loss, optimizer, epochs, batch size, shuffling and the seed for shuffling and
 * dropout masks; the learning-rate schedule, clipping of the gradients' global norm (0: off), one
 * {@link Regularization} per layer (empty: none), early stopping (null: off, needs validation
 * data) and class weights in the training loss (null: off, classification only).
 */
public record TrainingOptions(Loss loss, Optimizer optimizer, int epochs, int batchSize, boolean shuffle, long seed,
                              LearningRateSchedule schedule, float clipNorm, List<Regularization> regularization,
                              EarlyStopping earlyStopping, ClassWeights classWeights, double targetScale) {
    public TrainingOptions {
        if (!(targetScale > 0) || !Double.isFinite(targetScale)) {
            throw new IllegalArgumentException("target scale must be positive, got " + targetScale);
        }
        if (epochs <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("epochs and batch size must be positive, got " + epochs + " and " + batchSize);
        }
        if (!(clipNorm >= 0)) {
            throw new IllegalArgumentException("clip norm must be >= 0 (0 is off), got " + clipNorm);
        }
        schedule = schedule == null ? LearningRateSchedule.CONSTANT : schedule;
        regularization = List.copyOf(regularization);
    }

    /** Constant rate, no clipping, regularisation or early stopping. */
    public TrainingOptions(Loss loss, Optimizer optimizer, int epochs, int batchSize, boolean shuffle, long seed) {
        this(loss, optimizer, epochs, batchSize, shuffle, seed, LearningRateSchedule.CONSTANT, 0f, List.of(), null, null);
    }

    /** Everything but class weights. */
    public TrainingOptions(Loss loss, Optimizer optimizer, int epochs, int batchSize, boolean shuffle, long seed,
                           LearningRateSchedule schedule, float clipNorm, List<Regularization> regularization,
                           EarlyStopping earlyStopping) {
        this(loss, optimizer, epochs, batchSize, shuffle, seed, schedule, clipNorm, regularization, earlyStopping, null);
    }

    public TrainingOptions withSchedule(LearningRateSchedule value) {
        return new TrainingOptions(loss, optimizer, epochs, batchSize, shuffle, seed, value, clipNorm, regularization,
                earlyStopping, classWeights, targetScale);
    }

    public TrainingOptions withClipNorm(float value) {
        return new TrainingOptions(loss, optimizer, epochs, batchSize, shuffle, seed, schedule, value, regularization,
                earlyStopping, classWeights, targetScale);
    }

    public TrainingOptions withRegularization(List<Regularization> value) {
        return new TrainingOptions(loss, optimizer, epochs, batchSize, shuffle, seed, schedule, clipNorm, value,
                earlyStopping, classWeights, targetScale);
    }

    public TrainingOptions withEarlyStopping(EarlyStopping value) {
        return new TrainingOptions(loss, optimizer, epochs, batchSize, shuffle, seed, schedule, clipNorm, regularization,
                value, classWeights, targetScale);
    }

    public TrainingOptions withClassWeights(ClassWeights value) {
        return new TrainingOptions(loss, optimizer, epochs, batchSize, shuffle, seed, schedule, clipNorm, regularization,
                earlyStopping, value, targetScale);
    }

    /**
     * With regression targets standardised by {@code value} (their standard deviation): evaluations
     * report loss and RMSE in the label's units again.
     */
    public TrainingOptions withTargetScale(double value) {
        return new TrainingOptions(loss, optimizer, epochs, batchSize, shuffle, seed, schedule, clipNorm, regularization,
                earlyStopping, classWeights, value);
    }

    /** Class weights and targets as they are: the options before class weights existed, plus them. */
    public TrainingOptions(Loss loss, Optimizer optimizer, int epochs, int batchSize, boolean shuffle, long seed,
                           LearningRateSchedule schedule, float clipNorm, List<Regularization> regularization,
                           EarlyStopping earlyStopping, ClassWeights classWeights) {
        this(loss, optimizer, epochs, batchSize, shuffle, seed, schedule, clipNorm, regularization, earlyStopping,
                classWeights, 1);
    }

    /** Whether any layer drops out units. */
    boolean usesDropout() {
        return regularization.stream().anyMatch(r -> r.dropout() > 0);
    }
}
