package nn.run;

import nn.compute.ActivationFunction;
import nn.compute.Activations;
import nn.compute.DeviceKind;
import nn.compute.Loss;
import nn.data.Scaling;
import nn.network.WeightInit;
import nn.spec.DeviceType;
import nn.spec.EarlyStoppingSpec;
import nn.spec.InitType;
import nn.spec.LossType;
import nn.spec.NormalizeType;
import nn.spec.ScheduleType;
import nn.train.EarlyStopping;
import nn.train.LearningRateSchedule;

/**
 * The one mapping from the schema's enums (nn.spec) to the types the lower packages use. The
 * switches are exhaustive, so a value added to a spec enum fails compilation here instead of
 * being bridged by name somewhere else.
 */
public final class SpecTypes {
    private SpecTypes() {
    }

    /** The device request for a spec's {@code device}. */
    public static DeviceKind deviceKind(DeviceType type) {
        return switch (type) {
            case AUTO -> DeviceKind.AUTO;
            case JAVA -> DeviceKind.JAVA;
            case OPENCL -> DeviceKind.OPENCL;
            case GPU -> DeviceKind.GPU;
        };
    }

    /** The compute-level loss for a spec's loss name. */
    public static Loss loss(LossType type) {
        return switch (type) {
            case BINARY_CROSSENTROPY -> Loss.BINARY_CROSSENTROPY;
            case CATEGORICAL_CROSSENTROPY -> Loss.CATEGORICAL_CROSSENTROPY;
            case MSE -> Loss.MEAN_SQUARED_ERROR;
        };
    }

    /** The feature scaling for {@code data.normalize}. */
    public static Scaling scaling(NormalizeType type) {
        return switch (type) {
            case NONE -> Scaling.NONE;
            case STANDARD -> Scaling.STANDARD;
            case MINMAX -> Scaling.MINMAX;
        };
    }

    /** What early stopping watches. */
    public static EarlyStopping.Monitor monitor(EarlyStoppingSpec.Monitor monitor) {
        return switch (monitor) {
            case VAL_LOSS -> EarlyStopping.Monitor.VAL_LOSS;
            case VAL_ACCURACY -> EarlyStopping.Monitor.VAL_ACCURACY;
        };
    }

    /** The learning-rate schedule's shape. */
    public static LearningRateSchedule.Type scheduleType(ScheduleType type) {
        return switch (type) {
            case CONSTANT -> LearningRateSchedule.Type.CONSTANT;
            case STEP -> LearningRateSchedule.Type.STEP;
            case COSINE -> LearningRateSchedule.Type.COSINE;
        };
    }

    /** The initialisation scheme for a spec's name; null (the activation's default) for null. */
    public static WeightInit weightInit(InitType type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case HE, HE_NORMAL -> WeightInit.HE_NORMAL;
            case HE_UNIFORM -> WeightInit.HE_UNIFORM;
            case GLOROT, GLOROT_UNIFORM, XAVIER, XAVIER_UNIFORM -> WeightInit.GLOROT_UNIFORM;
            case GLOROT_NORMAL, XAVIER_NORMAL -> WeightInit.GLOROT_NORMAL;
        };
    }

    /** The activation a spec names: a built-in or a registered custom one. */
    public static ActivationFunction activation(String name) {
        return Activations.byName(name).orElseThrow(() -> new IllegalArgumentException("unknown activation '" + name
                + "'; expected one of " + String.join(", ", Activations.names())));
    }
}
