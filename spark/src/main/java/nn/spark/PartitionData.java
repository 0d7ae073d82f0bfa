package nn.spark;

import nn.compute.Backend;
import nn.compute.Tensor;

/** A partition's training rows as a worker reads them, one mini-batch at a time. */
interface PartitionData extends AutoCloseable {
    int rows();

    /** Rows {@code order[from ..]} into {@code x} and {@code y} (as many as they have rows). */
    void gather(Backend backend, int[] order, int from, Tensor x, Tensor y);

    @Override
    default void close() {
    }

    /** Rows resident on the backend, gathered there (the driver-read path). */
    record Resident(Tensor allX, Tensor allY, int rows) implements PartitionData {
        @Override
        public void gather(Backend backend, int[] order, int from, Tensor x, Tensor y) {
            backend.gatherRows(allX, order, from, x);
            backend.gatherRows(allY, order, from, y);
        }
    }
}
