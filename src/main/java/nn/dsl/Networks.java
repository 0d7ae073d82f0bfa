package nn.dsl;

/** Entry point of the Java DSL: {@code Networks.builder().input(2).dense(3, RELU).dense(1, SIGMOID).build(42)}. */
public final class Networks {
    private Networks() {
    }

    /** An empty builder; {@link NetworkBuilder#input} sets the input width, left out it is auto (from the data). */
    public static NetworkBuilder builder() {
        return new NetworkBuilder();
    }
}
