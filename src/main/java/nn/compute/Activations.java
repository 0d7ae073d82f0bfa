package nn.compute;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Activations by YAML name: the built-ins, then every {@link CustomActivation} that
 * {@link ServiceLoader} finds on the class path. Looked up afresh on each call: there is no
 * registry to keep in step.
 */
public final class Activations {
    private Activations() {
    }

    /** Every known activation by name, built-ins first. */
    public static Map<String, ActivationFunction> all() {
        Map<String, ActivationFunction> byName = new LinkedHashMap<>();
        for (Activation builtin : Activation.values()) {
            byName.put(builtin.yamlName(), builtin);
        }
        for (CustomActivation custom : ServiceLoader.load(CustomActivation.class)) {
            String name = custom.yamlName();
            if (!name.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalStateException("custom activation " + custom.getClass().getName() + " has the name '"
                        + name + "'; expected lower case letters, digits and underscores");
            }
            if (byName.containsKey(name)) {
                throw new IllegalStateException("custom activation " + custom.getClass().getName()
                        + " takes the name '" + name + "', which " + describe(byName.get(name)) + " already has");
            }
            byName.put(name, custom);
        }
        return byName;
    }

    /** The activation named {@code name} in YAML, if there is one. */
    public static Optional<ActivationFunction> byName(String name) {
        return Optional.ofNullable(all().get(name.toLowerCase(Locale.ROOT)));
    }

    /** The names YAML accepts. */
    public static List<String> names() {
        return new ArrayList<>(all().keySet());
    }

    private static String describe(ActivationFunction f) {
        return f instanceof Activation ? "the built-in activation" : f.getClass().getName();
    }
}
