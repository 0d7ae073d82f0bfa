package nn.compute.aparapi;

import nn.compute.Tensor;

/**
 * A tensor of an {@link AparapiBackend}: {@code rows × cols} floats at {@code offset} in the
 * backend's arena. A {@link #withRows} view shares the offset, so it is the leading rows.
 */
record ArenaTensor(AparapiBackend owner, int offset, int rows, int cols, int capacityRows) implements Tensor {

    @Override
    public Tensor withRows(int newRows) {
        if (newRows < 0 || newRows > capacityRows) {
            throw new IllegalArgumentException("view of " + newRows + " rows exceeds the " + capacityRows + " allocated");
        }
        return newRows == rows ? this : new ArenaTensor(owner, offset, newRows, cols, capacityRows);
    }

    @Override
    public String toString() {
        return "ArenaTensor[" + rows + "x" + cols + " at " + offset + "]";
    }
}
