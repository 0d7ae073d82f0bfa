package nn.network;

/** A batch_norm layer before it has values: its momentum and epsilon (its width is its input's). */
public record BatchNormShape(float momentum, float epsilon) implements LayerPlan {
    /** Keras's defaults: momentum 0.99, epsilon 0.001. */
    public BatchNormShape() {
        this(BatchNormLayer.DEFAULT_MOMENTUM, BatchNormLayer.DEFAULT_EPSILON);
    }
}
