package nn.network;

/**
 * One layer of a {@link Network}: immutable structure and values. Each type owns its parameters
 * and state, builds its device half ({@link DeviceLayer}: forward, and backward from δ of its
 * output to δ of its input, applying its own derivative), and declares its model-file entry as
 * plain data. Adding a type means a record here, its device class with a case in
 * {@link DeviceLayer#of}, a case in {@link LayerEntry#toLayer()}, and the spec and config wiring
 * (see the README's Layout).
 */
public sealed interface Layer permits DenseLayer, BatchNormLayer {

    /** Width of the input this layer takes. */
    int inputs();

    /** Width of the output it produces. */
    int outputs();

    /** Trainable values. */
    long parameterCount();

    /** Values kept but not trained (batch_norm's running statistics); saved in the model. */
    default long stateCount() {
        return 0;
    }

    /** The type name used in configs and model files ({@code dense}, {@code batch_norm}). */
    String typeName();

    /** The model-file entry: type, scalar fields and named tensors, in a fixed order. */
    LayerEntry entry();
}
