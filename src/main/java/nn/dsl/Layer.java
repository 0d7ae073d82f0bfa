package nn.dsl;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import nn.spec.ActivationType;
import nn.spec.LayerType;

/**
 * Marks a field of a network class as a layer; layers come in the order the fields are declared.
 * A dense layer (the default type) needs {@code units} and {@code activation}; a batch_norm layer
 * ({@code type = LayerType.BATCH_NORM}) takes neither, only {@code momentum} and {@code epsilon}.
 * The field's type and value are not used.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Layer {
    LayerType type() default LayerType.DENSE;

    /** dense: the number of units; 0 (unset) is an error for a dense layer. */
    int units() default 0;

    /** dense: the activation; required for a dense layer (LINEAR is not assumed). */
    ActivationType[] activation() default {};

    boolean bias() default true;

    /** batch_norm: the running statistics' momentum. */
    double momentum() default 0.99;

    /** batch_norm: added to the variance. */
    double epsilon() default 0.001;
}
