package nn.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nn.compute.Backend;
import nn.compute.Tensor;
import nn.data.Dataset;
import nn.network.DeviceNetwork;
import nn.network.Network;

/**
 * Mini-batch training. The data set is uploaded once; each step gathers its batch on the device,
 * runs forward and backward, and applies the optimizer. Only the batch loss and the count of
 * correct predictions come back to the host per step.
 */
public final class Trainer {
    private final TrainingOptions options;

    public Trainer(TrainingOptions options) {
        this.options = options;
    }

    public TrainingOptions options() {
        return options;
    }

    /**
     * Trains a copy of {@code initial} on {@code train}; evaluates the result on {@code train} and,
     * when not null, on {@code test}. The same options and seed give the same network.
     */
    public TrainingResult fit(Network initial, Dataset train, Dataset test, Backend backend, TrainingListener listener) {
        checkShapes(initial, train);
        if (test != null) {
            checkShapes(initial, test);
        }
        int n = train.rows();
        int batch = Math.min(options.batchSize(), n);
        DeviceNetwork net = new DeviceNetwork(backend, initial, batch);
        Tensor allX = upload(backend, train.x(), n, train.features());
        Tensor allY = upload(backend, train.y(), n, train.targets());
        Tensor xBatch = backend.allocate(batch, train.features());
        Tensor yBatch = backend.allocate(batch, train.targets());
        int lastRows = n % batch == 0 ? batch : n % batch;
        Tensor xLast = xBatch.withRows(lastRows);
        Tensor yLast = yBatch.withRows(lastRows);
        Optimizer.Step step = options.optimizer().bind(backend, net.parameters());
        boolean classification = train.isClassification();

        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom shuffler = new SplittableRandom(options.seed()).split();
        List<EpochMetrics> history = new ArrayList<>(options.epochs());
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            if (options.shuffle()) {
                shuffle(order, shuffler);
            }
            double lossSum = 0;
            double quality = 0;
            int batchNumber = 0;
            for (int from = 0; from < n; from += batch) {
                batchNumber++;
                boolean full = from + batch <= n;
                Tensor x = full ? xBatch : xLast;
                Tensor y = full ? yBatch : yLast;
                backend.gatherRows(allX, order, from, x);
                backend.gatherRows(allY, order, from, y);
                net.forward(x);
                double loss = net.backward(options.loss(), x, y);
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException(epoch, batchNumber, loss);
                }
                step.apply(options.optimizer().learningRate());
                lossSum += loss;
                quality += classification ? backend.countCorrect(net.output(), y) : backend.sumSquaredError(net.output(), y);
            }
            double metric = classification ? quality / n : Math.sqrt(quality / ((double) n * train.targets()));
            EpochMetrics metrics = new EpochMetrics(epoch, lossSum / n, metric);
            history.add(metrics);
            listener.onEpoch(metrics, options.epochs());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Network trained = net.download();
        Evaluation trainEval = evaluate(net, allX, allY, batch, classification);
        Evaluation testEval = null;
        if (test != null) {
            testEval = evaluate(net, upload(backend, test.x(), test.rows(), test.features()),
                    upload(backend, test.y(), test.rows(), test.targets()), batch, classification);
        }
        double samplesPerSecond = seconds > 0 ? (double) n * options.epochs() / seconds : Double.POSITIVE_INFINITY;
        return new TrainingResult(trained, history, trainEval, testEval, seconds, samplesPerSecond);
    }

    /** Loss and accuracy (or RMSE) of the network's current parameters over all rows, in order. */
    private Evaluation evaluate(DeviceNetwork net, Tensor allX, Tensor allY, int batch, boolean classification) {
        Backend backend = net.backend();
        int n = allX.rows();
        Tensor x = backend.allocate(batch, allX.cols());
        Tensor y = backend.allocate(batch, allY.cols());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double lossSum = 0;
        double quality = 0;
        for (int from = 0; from < n; from += batch) {
            int rows = Math.min(batch, n - from);
            Tensor xv = x.withRows(rows);
            Tensor yv = y.withRows(rows);
            backend.gatherRows(allX, order, from, xv);
            backend.gatherRows(allY, order, from, yv);
            net.forward(xv);
            lossSum += net.loss(options.loss(), yv);
            quality += classification ? backend.countCorrect(net.output(), yv) : backend.sumSquaredError(net.output(), yv);
        }
        double metric = classification ? quality / n : Math.sqrt(quality / ((double) n * allY.cols()));
        return new Evaluation(n, lossSum / n, metric, classification);
    }

    private static Tensor upload(Backend backend, float[] values, int rows, int cols) {
        Tensor t = backend.allocate(rows, cols);
        backend.write(t, values);
        return t;
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }

    private static void checkShapes(Network network, Dataset data) {
        if (network.inputs() != data.features()) {
            throw new IllegalArgumentException("the network takes " + network.inputs() + " inputs but the data has "
                    + data.features() + " features");
        }
        if (network.outputs() != data.targets()) {
            throw new IllegalArgumentException("the network has " + network.outputs() + " outputs but the data has "
                    + data.targets() + " targets");
        }
    }
}
