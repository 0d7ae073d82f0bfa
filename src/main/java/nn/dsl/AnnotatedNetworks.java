package nn.dsl;

import java.lang.reflect.Field;
import nn.spec.OptimizerSpec;

/** Reads a class annotated with {@link NetworkDeclaration} and {@link Layer} into the DSL. */
public final class AnnotatedNetworks {
    private AnnotatedNetworks() {
    }

    /** The declared network, its loss and optimizer, ready for epochs, batch size and data. */
    public static Training training(Class<?> declaration) {
        NetworkDeclaration network = declaration.getAnnotation(NetworkDeclaration.class);
        if (network == null) {
            throw new IllegalArgumentException(declaration.getName() + " has no @NetworkDeclaration");
        }
        NetworkBuilder builder = Networks.builder().input(network.input());
        // getDeclaredFields returns fields in declaration order on HotSpot and OpenJ9; the layer
        // order is the order a reader sees in the source.
        for (Field field : declaration.getDeclaredFields()) {
            Layer layer = field.getAnnotation(Layer.class);
            if (layer != null) {
                builder.dense(layer.units(), layer.activation(), layer.bias());
            }
        }
        return Training.of(builder).loss(network.loss())
                .optimizer(new OptimizerSpec(network.optimizer(), network.learningRate()));
    }
}
