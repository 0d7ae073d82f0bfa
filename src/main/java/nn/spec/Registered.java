package nn.spec;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value is a name from an open registry rather than a closed enum: {@code "activation"} takes
 * the built-in activations and every custom one on the class path. The config loader checks the
 * name (with a did-you-mean) and the JSON Schema lists the names known when it is generated.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.METHOD})
public @interface Registered {
    /** Which registry: {@code "activation"}. */
    String value();
}
