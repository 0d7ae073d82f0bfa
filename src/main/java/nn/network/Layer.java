package nn.network;

import java.util.List;

/**
 * One layer of a {@link Network}: immutable structure and values. Each type owns its parameters
 * and state, builds its device half ({@link DeviceLayer}: forward, and backward from δ of its
 * output to δ of its input, applying its own derivative), and declares its model-file entry as
 * plain data. Adding a type means a record here, its device class with a case in
 * {@link DeviceLayer#of}, a case in {@link LayerEntry#toLayer()}, and the spec and config wiring
 * (see the README's Layout).
 */
public sealed interface Layer permits DenseLayer, BatchNormLayer, EmbeddingLayer {

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

    /** Floating-point operations of one sample's forward pass. */
    long forwardFlops();

    /**
     * Floats its device half keeps per batch row (outputs, deltas and what backward needs), not
     * counting dropout's masks, which belong to the run's regularisation.
     */
    long bufferFloatsPerRow();

    /** The type name used in configs and model files ({@code dense}, {@code batch_norm}, {@code embedding}). */
    String typeName();

    /** The model-file entry: type, scalar fields and named tensors, in a fixed order. */
    LayerEntry entry();

    /** Its forward equations as layer {@code number} (1-based), writing its output as {@code output}. */
    List<Equation> forwardEquations(int number, String output);

    /**
     * Its backward equations as layer {@code number}, from δ of its output: the parameter
     * gradients, and δ of the layer {@code below} (null for the first layer, which skips it).
     */
    List<Equation> backwardEquations(int number, Layer below);

    /** What δ gains for this layer's own derivative when the layer above hands δ down (" ∗ f'(Z)", or nothing). */
    Equation derivative(int number);

    /** Its trainable tensors as the update line names them ("W and b"). */
    String parameterSymbols();

    /** Lines the update adds for this type (batch_norm's running statistics); none by default. */
    default List<String> updateNotes() {
        return List.of();
    }
}
