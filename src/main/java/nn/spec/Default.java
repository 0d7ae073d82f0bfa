package nn.spec;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value an optional key takes when it is left out, as YAML would write it. It documents the
 * default in the JSON Schema and the reference table; the record's compact constructor applies it,
 * and a test checks the two agree.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.METHOD})
public @interface Default {
    String value();
}
