package nn.spark;

import nn.compute.Backend;
import nn.compute.Tensor;

/** A partition's training rows as a worker reads them, one mini-batch at a time. */
interface PartitionData extends AutoCloseable {
    int rows();

    /**
     * Rows {@code order[from ..]} into {@code x} and {@code y} (as many as they have rows), and
     * their class weights into {@code w} when it is not null.
     */
    void gather(Backend backend, int[] order, int from, Tensor x, Tensor y, Tensor w);

    @Override
    default void close() {
    }

    /** Rows (and per-row class weights, null when unweighted) resident on the backend, gathered there: the driver-read path. */
    record Resident(Tensor allX, Tensor allY, Tensor allW, int rows) implements PartitionData {
        @Override
        public void gather(Backend backend, int[] order, int from, Tensor x, Tensor y, Tensor w) {
            backend.gatherRows(allX, order, from, x);
            backend.gatherRows(allY, order, from, y);
            if (w != null) {
                backend.gatherRows(allW, order, from, w);
            }
        }
    }

    /**
     * The class weight of each of {@code n} target rows in {@code y} ({@code k} columns): the class
     * is the index itself with one column (as {@link nn.train.ClassWeights} reads a 0/1 label), else
     * the one-hot row's argmax.
     */
    static float[] weights(float[] y, int n, int k, float[] perClass) {
        float[] w = new float[n];
        for (int r = 0; r < n; r++) {
            int best = 0;
            if (k == 1) {
                best = y[r] >= 0.5f ? 1 : 0;
            } else {
                for (int j = 1; j < k; j++) {
                    if (y[r * k + j] > y[r * k + best]) {
                        best = j;
                    }
                }
            }
            w[r] = perClass[best];
        }
        return w;
    }
}
