package nn.network;

/**
 * A layer's structure before it has values, one record per layer type: {@link LayerShape} for
 * dense layers, {@link BatchNormShape} for batch_norm. {@link Network#initialize} draws the values.
 */
public sealed interface LayerPlan permits LayerShape, BatchNormShape, EmbeddingShape {
}
