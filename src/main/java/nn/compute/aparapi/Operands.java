package nn.compute.aparapi;

import nn.compute.Activation;
import nn.compute.ActivationFunction;
import nn.compute.DeviceUnavailableException;
import nn.compute.Loss;

/** Operand checks and the kernel's codes for activations and losses, shared by the launch classes. */
final class Operands {
    private Operands() {
    }

    static void sameShape(ArenaTensor a, ArenaTensor b, String what) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException(what + ": shapes " + a.rows() + "x" + a.cols() + " and " + b.rows()
                    + "x" + b.cols() + " differ");
        }
    }

    static int code(ActivationFunction function) {
        if (!(function instanceof Activation act)) {
            // Refused at start-up by Devices.open; reaching here would mean computing something else.
            throw new DeviceUnavailableException("the custom activation '" + function.yamlName()
                    + "' has no OpenCL kernel; it runs on the Java backend (device: java or auto)");
        }
        return switch (act) {
            case LINEAR -> ArenaKernel.ACT_LINEAR;
            case RELU -> ArenaKernel.ACT_RELU;
            case LEAKY_RELU -> ArenaKernel.ACT_LEAKY_RELU;
            case SIGMOID -> ArenaKernel.ACT_SIGMOID;
            case TANH -> ArenaKernel.ACT_TANH;
            case SOFTMAX -> ArenaKernel.ACT_SOFTMAX;
        };
    }

    static int code(Loss loss) {
        return switch (loss) {
            case BINARY_CROSSENTROPY -> ArenaKernel.LOSS_BCE;
            case CATEGORICAL_CROSSENTROPY -> ArenaKernel.LOSS_CE;
            case MEAN_SQUARED_ERROR -> ArenaKernel.LOSS_MSE;
        };
    }
}
