package nn.compute.java;

import nn.compute.Tensor;

/** A tensor held in a plain float array, row-major, starting at index 0. */
final class JavaTensor implements Tensor {
    final float[] data;
    private final int rows;
    private final int cols;

    JavaTensor(float[] data, int rows, int cols) {
        this.data = data;
        this.rows = rows;
        this.cols = cols;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public Tensor withRows(int newRows) {
        if (newRows < 0 || newRows * cols > data.length) {
            throw new IllegalArgumentException("view of " + newRows + " rows exceeds " + data.length / Math.max(cols, 1));
        }
        return newRows == rows ? this : new JavaTensor(data, newRows, cols);
    }

    @Override
    public String toString() {
        return "JavaTensor[" + rows + "x" + cols + "]";
    }
}
