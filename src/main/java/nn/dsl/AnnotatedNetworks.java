package nn.dsl;

import java.lang.reflect.Field;
import nn.spec.LayerType;
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
                add(builder, layer, field.getName());
            }
        }
        return Training.of(builder).loss(network.loss())
                .optimizer(new OptimizerSpec(network.optimizer(), network.learningRate()));
    }

    private static void add(NetworkBuilder builder, Layer layer, String field) {
        if (layer.type() == LayerType.BATCH_NORM) {
            if (layer.units() != 0 || layer.activation().length != 0) {
                throw new IllegalArgumentException("@Layer " + field + ": a batch_norm layer takes no units or activation");
            }
            // The annotation's defaults are Keras's; left as they are, the spec says nothing, as YAML would.
            if (layer.momentum() == 0.99 && layer.epsilon() == 0.001) {
                builder.batchNorm();
            } else {
                builder.batchNorm(layer.momentum(), layer.epsilon());
            }
            return;
        }
        if (layer.units() <= 0 || layer.activation().length != 1) {
            throw new IllegalArgumentException("@Layer " + field + ": a dense layer needs units > 0 and one activation");
        }
        builder.dense(layer.units(), layer.activation()[0], layer.bias());
    }
}
