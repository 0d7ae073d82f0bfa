package nn.train;

import java.util.ArrayList;
import java.util.List;
import nn.compute.Backend;
import nn.compute.ParameterSet;
import nn.compute.StepGuard;
import nn.compute.Tensor;
import nn.compute.UpdateRule;
import nn.network.Parameter;

/**
 * Adam (Kingma &amp; Ba), with Keras's bias correction folded into the step size, and AdamW's
 * decoupled weight decay when {@code weightDecay > 0}: θ ← θ − η·λ·θ before the Adam step, on every
 * parameter (biases included, as Keras and PyTorch do by default).
 *
 * @param learningRate η; Keras's default 0.001
 * @param beta1        decay of the first moment; default 0.9
 * @param beta2        decay of the second moment; default 0.999
 * @param epsilon      added to √v; Keras's default 1e-7
 * @param weightDecay  λ of AdamW; 0 is plain Adam
 */
public record Adam(float learningRate, float beta1, float beta2, float epsilon, float weightDecay)
        implements Optimizer {

    public static final float DEFAULT_LEARNING_RATE = 0.001f;
    public static final float DEFAULT_BETA1 = 0.9f;
    public static final float DEFAULT_BETA2 = 0.999f;
    public static final float DEFAULT_EPSILON = 1e-7f;
    /** Keras's AdamW default. */
    public static final float DEFAULT_WEIGHT_DECAY = 0.004f;

    public Adam {
        Optimizer.positive("learning rate", learningRate);
        Optimizer.fraction("beta1", beta1);
        Optimizer.fraction("beta2", beta2);
        Optimizer.positive("epsilon", epsilon);
        if (!(weightDecay >= 0) || !Float.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be a number >= 0, got " + weightDecay);
        }
    }

    /** Adam with Keras's defaults but the given learning rate. */
    public Adam(float learningRate) {
        this(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, 0f);
    }

    @Override
    public Step bind(Backend backend, List<Parameter> parameters) {
        List<Parameter> bound = List.copyOf(parameters);
        List<Tensor> first = new ArrayList<>();
        List<Tensor> second = new ArrayList<>();
        List<Tensor> values = new ArrayList<>();
        List<Tensor> grads = new ArrayList<>();
        for (Parameter p : bound) {
            first.add(backend.allocate(p.value().rows(), p.value().cols()));
            second.add(backend.allocate(p.value().rows(), p.value().cols()));
            values.add(p.value());
            grads.add(p.gradient());
        }
        ParameterSet set = new ParameterSet(values, grads, first, second);
        List<Tensor> state = new ArrayList<>();
        for (int i = 0; i < bound.size(); i++) {
            state.add(first.get(i));
            state.add(second.get(i));
        }
        return new Step() {
            private long t;

            @Override
            public List<Tensor> state() {
                return List.copyOf(state);
            }

            @Override
            public long count() {
                return t;
            }

            @Override
            public void restoreCount(long count) {
                t = count;
            }

            @Override
            public void apply(float rate, StepGuard guard) {
                t++;
                // Powers in double: β2^t for t in the tens of thousands is not representable as float steps.
                double correction = Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
                float stepSize = (float) (rate * correction);
                float decay = rate * weightDecay;
                backend.update(set, new UpdateRule.Adam(stepSize, beta1, beta2, epsilon, decay), guard);
            }
        };
    }

    @Override
    public String toString() {
        return (weightDecay > 0 ? "adamw" : "adam") + "(learning_rate=" + learningRate + ", beta1=" + beta1
                + ", beta2=" + beta2 + ", epsilon=" + epsilon + (weightDecay > 0 ? ", weight_decay=" + weightDecay : "")
                + ")";
    }
}
