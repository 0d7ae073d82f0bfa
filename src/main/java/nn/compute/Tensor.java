package nn.compute;

/**
 * A row-major float matrix that lives on a {@link Backend}'s device. Batch-shaped tensors are
 * allocated for the largest batch once; {@link #withRows} gives a view on the leading rows for a
 * smaller (last) batch, sharing the storage.
 */
public interface Tensor {
    /** Rows of this view (the batch dimension for activations). */
    int rows();

    /** Columns (features or units). */
    int cols();

    /** A view on the first {@code rows} rows of the same storage. */
    Tensor withRows(int rows);

    default int size() {
        return rows() * cols();
    }
}
