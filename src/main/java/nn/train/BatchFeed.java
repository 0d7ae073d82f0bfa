package nn.train;

import java.util.SplittableRandom;
import nn.compute.Backend;
import nn.compute.Tensor;

/**
 * The training rows in this epoch's order, gathered on the device one batch at a time: X, Y and
 * (with class weights) one weight per row, each uploaded once. The last batch of an epoch may be
 * shorter; it gets views of the first rows of the batch buffers.
 */
final class BatchFeed {
    private final Backend backend;
    private final Tensor allX;
    private final Tensor allY;
    private final Tensor allWeights;
    private final int[] order;
    private final int batch;
    private final Tensor[] full;
    private final Tensor[] last;

    BatchFeed(Backend backend, Tensor allX, Tensor allY, float[] rowWeights, int batch) {
        this.backend = backend;
        this.allX = allX;
        this.allY = allY;
        int n = allX.rows();
        this.order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        this.batch = batch;
        if (rowWeights != null) {
            allWeights = backend.allocate(n, 1);
            backend.write(allWeights, rowWeights);
        } else {
            allWeights = null;
        }
        Tensor x = backend.allocate(batch, allX.cols());
        Tensor y = backend.allocate(batch, allY.cols());
        Tensor w = allWeights == null ? null : backend.allocate(batch, 1);
        int lastRows = n % batch == 0 ? batch : n % batch;
        full = new Tensor[] {x, y, w};
        last = new Tensor[] {x.withRows(lastRows), y.withRows(lastRows), w == null ? null : w.withRows(lastRows)};
    }

    int rows() {
        return order.length;
    }

    /** Fisher–Yates over the row order, from the run's shuffler. */
    void shuffle(SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }

    /** Gathers the batch starting at row {@code from} of the order; returns {X, Y, weights or null}. */
    Tensor[] gather(int from) {
        Tensor[] b = from + batch <= order.length ? full : last;
        backend.gatherBatch(allX, allY, order, from, b[0], b[1]);
        if (allWeights != null) {
            backend.gatherRows(allWeights, order, from, b[2]);
        }
        return b;
    }
}
