package nn.bench;

import nn.compute.Backend;
import nn.compute.Loss;
import nn.compute.Tensor;
import nn.network.DeviceNetwork;
import nn.network.Network;
import nn.train.Optimizer;
import nn.train.TrainingStep;

/**
 * Batches in a fixed order (no shuffling, as the NumPy anchor does), each gathered on the device
 * and run through the trainer's own {@link TrainingStep}, so {@code nn bench} times exactly the
 * work {@code nn train} does per step, without epoch bookkeeping.
 */
final class StepLoop {
    private final Backend backend;
    private final DeviceNetwork net;
    private final TrainingStep step;
    private final float learningRate;
    private final Tensor allX;
    private final Tensor allY;
    private final Tensor x;
    private final Tensor y;
    private final int[] order;
    private final int batch;

    StepLoop(Backend backend, Network network, Loss loss, Optimizer optimizer, SyntheticData data, int batch) {
        this.backend = backend;
        this.net = new DeviceNetwork(backend, network, batch);
        // Every workload classifies (W1 with one sigmoid output), so the step counts correct rows.
        this.step = new TrainingStep(net, loss, optimizer, 0f, null, true);
        this.learningRate = optimizer.learningRate();
        this.batch = batch;
        this.allX = upload(data.x(), data.rows(), data.features());
        this.allY = upload(data.y(), data.rows(), data.targets());
        this.x = backend.allocate(batch, data.features());
        this.y = backend.allocate(batch, data.targets());
        this.order = new int[data.rows()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
    }

    private Tensor upload(float[] values, int rows, int cols) {
        Tensor t = backend.allocate(rows, cols);
        backend.write(t, values);
        return t;
    }

    /** Runs {@code steps} steps, cycling through the full batches of the data in order. */
    void run(int steps) {
        int fullBatches = order.length / batch;
        for (int s = 0; s < steps; s++) {
            int from = (s % fullBatches) * batch;
            backend.gatherBatch(allX, allY, order, from, x, y);
            step.run(x, y, null, learningRate, 1, s + 1);
        }
    }

    /** The network's parameters as they are now on the device. */
    Network download() {
        return net.download();
    }

    /** Mean loss of the last batch, to show the run trains (and to keep the work observable). */
    double lastLoss() {
        return step.lastLoss() / batch;
    }
}
