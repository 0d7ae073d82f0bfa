package nn.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import nn.compute.Backend;
import nn.compute.Devices;
import nn.compute.Loss;
import nn.config.ConfigLoader;
import nn.data.Dataset;
import nn.network.DeviceNetwork;
import nn.network.Network;
import nn.network.Parameter;
import nn.run.SpecNetworks;
import nn.run.SpecTypes;
import nn.spec.ExperimentSpec;
import nn.train.Evaluation;
import nn.train.Trainer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * Scores the broadcast weights on a file the executors read ({@code read: executors}: training,
 * validation and test files): each task parses its split in chunks and evaluates them as
 * {@code nn train} does ({@link Trainer#evaluate}); the driver adds the partitions' sums in
 * partition order. The per-class and regression detail of a single-machine final evaluation
 * (confusion matrix, MAE, R²) is not gathered: loss and the headline metric only.
 */
final class EvaluationFunction<T> implements Function2<Integer, Iterator<T>, Iterator<EvaluationFunction.Sums>> {
    private static final long serialVersionUID = 1L;
    private static final int CHUNK = 4096;
    private final ExecutorSource table;
    private final String configYaml;
    private final Broadcast<List<float[]>> weights;

    private EvaluationFunction(ExecutorSource table, String configYaml, Broadcast<List<float[]>> weights) {
        this.table = table;
        this.configYaml = configYaml;
        this.weights = weights;
    }

    /** One partition's row count, loss × rows and metric sum (correct rows, or squared error). */
    record Sums(int partition, long rows, double loss, double quality) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** {@code weights} (in parameter order) scored on {@code table}'s file, in the target's units ({@code targetScale}). */
    static Evaluation evaluate(JavaSparkContext sc, ExecutorSource table, String configYaml, List<float[]> weights,
                               int partitions, double targetScale) {
        Broadcast<List<float[]>> broadcast = sc.broadcast(weights);
        List<Sums> parts;
        try {
            parts = scores(table.records(sc, partitions), table, configYaml, broadcast);
        } finally {
            broadcast.destroy();
        }
        parts.sort(Comparator.comparingInt(Sums::partition));
        long rows = 0;
        double loss = 0;
        double quality = 0;
        for (Sums s : parts) {
            rows += s.rows();
            loss += s.loss();
            quality += s.quality();
        }
        boolean classification = !table.classNames().isEmpty();
        int n = (int) Math.min(Integer.MAX_VALUE, rows);
        if (rows == 0) {
            return new Evaluation(0, Double.NaN, Double.NaN, classification);
        }
        double metric = classification ? quality / rows : Math.sqrt(quality / ((double) rows * table.targets()));
        return new Evaluation(n, loss / rows, metric, classification).inTargetUnits(targetScale);
    }

    private static <R> List<Sums> scores(JavaRDD<R> records, ExecutorSource table, String configYaml,
                                         Broadcast<List<float[]>> weights) {
        return new ArrayList<>(records.mapPartitionsWithIndex(new EvaluationFunction<R>(table, configYaml, weights), false)
                .collect());
    }

    @Override
    public Iterator<Sums> call(Integer partition, Iterator<T> records) {
        ExperimentSpec spec;
        try (ConfigLoader loader = new ConfigLoader()) {
            spec = loader.parse("config.yaml", configYaml, Path.of("."), List.of()).spec();
        }
        Loss loss = SpecTypes.loss(spec.loss());
        TaskContext task = TaskContext.get();
        int threads = task == null ? 1 : Math.max(1, task.cpus());
        ExecutorSource.RowReader reader = table.reader(partition, records);
        int width = table.width();
        int k = table.targets();
        List<String> names = table.preprocessing().inputNames();
        Sums sums = new Sums(partition, 0, 0, 0);
        try (Backend backend = Devices.host(threads)) {
            Network network = withWeights(backend, SpecNetworks.build(spec.network(), spec.seed(), table.preprocessing()));
            float[] x = new float[CHUNK * width];
            float[] y = new float[CHUNK * k];
            int n = 0;
            while (reader.next(x, y, n)) {
                n++;
                if (n == CHUNK) {
                    sums = add(sums, network, names, x, y, n, loss, backend);
                    n = 0;
                }
            }
            if (n > 0) {
                sums = add(sums, network, names, x, y, n, loss, backend);
            }
        }
        return List.of(sums).iterator();
    }

    private Sums add(Sums sums, Network network, List<String> names, float[] x, float[] y, int n, Loss loss,
                     Backend backend) {
        int width = table.width();
        int k = table.targets();
        Dataset chunk = new Dataset(names, table.classNames(), n, width, k, java.util.Arrays.copyOf(x, n * width),
                java.util.Arrays.copyOf(y, n * k));
        Evaluation e = Trainer.evaluate(network, chunk, loss, backend);
        double quality = e.classification() ? e.metric() * n : e.metric() * e.metric() * n * k;
        return new Sums(sums.partition(), sums.rows() + n, sums.loss() + e.loss() * n, sums.quality() + quality);
    }

    private Network withWeights(Backend backend, Network initial) {
        DeviceNetwork net = new DeviceNetwork(backend, initial, 1);
        List<Parameter> params = net.parameters();
        List<float[]> values = weights.value();
        for (int i = 0; i < params.size(); i++) {
            backend.write(params.get(i).value(), values.get(i));
        }
        return net.download();
    }
}
