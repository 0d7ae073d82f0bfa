package nn.network;

/**
 * An embedding layer before it has values: how many numeric columns lead its input and each
 * embedded column's table rows and vector width. {@link Network#initialize} draws the tables
 * uniform in ±0.05 (Keras's default).
 */
public record EmbeddingShape(int numeric, int[] vocabularies, int[] dims) implements LayerPlan {
    public EmbeddingShape {
        vocabularies = vocabularies.clone();
        dims = dims.clone();
    }

    @Override
    public int[] vocabularies() {
        return vocabularies.clone();
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }
}
