package nn.run;

import java.util.ArrayList;
import java.util.List;
import nn.compute.Loss;
import nn.data.Dataset;
import nn.network.Regularization;
import nn.spec.EarlyStoppingSpec;
import nn.spec.ExperimentSpec;
import nn.spec.LayerSpec;
import nn.spec.LayerType;
import nn.spec.OptimizerSpec;
import nn.spec.OptimizerType;
import nn.spec.ScheduleSpec;
import nn.spec.SpecException;
import nn.spec.TrainingSpec;
import nn.train.Adam;
import nn.train.EarlyStopping;
import nn.train.LearningRateSchedule;
import nn.train.Optimizer;
import nn.train.Sgd;
import nn.train.TrainingOptions;

/**
 * The {@link TrainingOptions} a spec declares: optimizer (Keras's defaults for keys left out),
 * schedule, clipping, per-layer regularisation and early stopping, after the cross-field checks
 * that Bean Validation cannot express. Problems are {@link SpecException}s naming the key.
 */
public final class TrainingSetup {
    private TrainingSetup() {
    }

    /** Checks the spec's training keys that need no data. */
    public static void check(ExperimentSpec spec) {
        spec.network().check();
        spec.optimizer().check();
        TrainingSpec training = spec.training();
        if (training.schedule() != null) {
            training.schedule().check("training.schedule");
        }
        List<LayerSpec> layers = spec.network().layers();
        int last = layers.size() - 1;
        if (layers.get(last).dropout() != null && layers.get(last).dropout() > 0) {
            throw new SpecException("network.layers[" + last + "].dropout", "the output layer cannot drop units; "
                    + "expected dropout on hidden layers only");
        }
    }

    /**
     * As {@link #options(ExperimentSpec, Loss, boolean, boolean)}, with the class weights the spec
     * declares resolved against {@code train} (the training split: its class names, and its class
     * counts for {@code balanced}).
     */
    public static TrainingOptions options(ExperimentSpec spec, Loss loss, Dataset train, boolean hasValidation) {
        TrainingOptions options = options(spec, loss, train.isClassification(), hasValidation);
        Object declared = spec.training().classWeights();
        return declared == null ? options : options.withClassWeights(ClassWeightSpecs.resolve(declared, train));
    }

    /**
     * As {@link #options(ExperimentSpec, Loss, Dataset, boolean)} for training data that is not in
     * memory (nn-spark's executors read it): its class names (empty: regression) and rows per class.
     */
    public static TrainingOptions options(ExperimentSpec spec, Loss loss, List<String> classes, long[] classCounts,
                                          boolean hasValidation) {
        TrainingOptions options = options(spec, loss, !classes.isEmpty(), hasValidation);
        Object declared = spec.training().classWeights();
        return declared == null ? options
                : options.withClassWeights(ClassWeightSpecs.resolve(declared, classes, () -> classCounts));
    }

    /**
     * The options; {@code hasValidation} says whether validation data exists (early stopping needs it).
     * Class weights need the training data, so this overload ignores them.
     */
    public static TrainingOptions options(ExperimentSpec spec, Loss loss, boolean classification, boolean hasValidation) {
        check(spec);
        TrainingSpec training = spec.training();
        TrainingOptions options = new TrainingOptions(loss, optimizer(spec.optimizer()), training.epochs(),
                training.batchSize(), training.shuffle(), spec.seed())
                .withSchedule(schedule(training.schedule()))
                .withRegularization(regularization(spec))
                .withClipNorm(training.clipNorm() == null ? 0f : training.clipNorm().floatValue());
        EarlyStoppingSpec stopping = training.earlyStopping();
        if (stopping == null) {
            return options;
        }
        if (!hasValidation) {
            throw new SpecException("training.early_stopping", "early stopping monitors validation data; expected "
                    + "training.validation_split or data.validation as well");
        }
        if (!classification && stopping.monitor() == EarlyStoppingSpec.Monitor.VAL_ACCURACY) {
            throw new SpecException("training.early_stopping.monitor", "regression has no accuracy; expected val_loss");
        }
        return options.withEarlyStopping(new EarlyStopping(SpecTypes.monitor(stopping.monitor()),
                stopping.patience(), stopping.minDelta(), stopping.restoreBest()));
    }

    /** The optimizer, with Keras's defaults for keys left out. */
    public static Optimizer optimizer(OptimizerSpec spec) {
        spec.check();
        float rate = (float) spec.learningRateOrDefault();
        return switch (spec.type()) {
            case SGD -> new Sgd(rate, value(spec.momentum(), 0f), Boolean.TRUE.equals(spec.nesterov()));
            case ADAM, ADAMW -> new Adam(rate, value(spec.beta1(), Adam.DEFAULT_BETA1),
                    value(spec.beta2(), Adam.DEFAULT_BETA2), value(spec.epsilon(), Adam.DEFAULT_EPSILON),
                    spec.type() == OptimizerType.ADAMW ? value(spec.weightDecay(), Adam.DEFAULT_WEIGHT_DECAY) : 0f);
        };
    }

    private static LearningRateSchedule schedule(ScheduleSpec spec) {
        if (spec == null) {
            return LearningRateSchedule.CONSTANT;
        }
        return new LearningRateSchedule(SpecTypes.scheduleType(spec.type()),
                spec.stepEpochs() == null ? 10 : spec.stepEpochs(),
                spec.gamma() == null ? 0.5f : spec.gamma().floatValue(), spec.warmupEpochs());
    }

    private static List<Regularization> regularization(ExperimentSpec spec) {
        float networkL2 = value(spec.training().l2(), 0f);
        List<Regularization> result = new ArrayList<>();
        for (LayerSpec layer : spec.network().layers()) {
            // batch_norm has no weights W for L2 and takes no dropout.
            result.add(layer.type() == LayerType.DENSE
                    ? new Regularization(value(layer.l2(), networkL2), value(layer.dropout(), 0f)) : Regularization.NONE);
        }
        return result;
    }

    private static float value(Double given, float fallback) {
        return given == null ? fallback : given.floatValue();
    }
}
