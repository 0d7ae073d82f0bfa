package nn.dsl;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import nn.spec.ActivationType;

/**
 * Marks a field of a network class as a dense layer; layers come in the order the fields are
 * declared. The field's type and value are not used.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Layer {
    int units();

    ActivationType activation();

    boolean bias() default true;
}
