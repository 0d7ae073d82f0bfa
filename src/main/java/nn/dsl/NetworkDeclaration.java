package nn.dsl;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import nn.spec.LossType;
import nn.spec.OptimizerType;

/**
 * Declares a network as a class: its input width, loss and optimizer here, its layers as
 * {@link Layer} fields in declaration order.
 * <pre>{@code
 * @NetworkDeclaration(input = 2, loss = LossType.BINARY_CROSSENTROPY, learningRate = 0.5)
 * class Xor {
 *     @Layer(units = 3, activation = RELU) Object hidden;
 *     @Layer(units = 1, activation = SIGMOID) Object output;
 * }
 * Training t = AnnotatedNetworks.training(Xor.class).epochs(2000).batchSize(4);
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface NetworkDeclaration {
    int input();

    LossType loss();

    OptimizerType optimizer() default OptimizerType.SGD;

    double learningRate();
}
