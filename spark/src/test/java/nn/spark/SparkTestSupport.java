package nn.spark;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nn.compute.Backend;
import nn.compute.Devices;
import nn.config.ConfigLoader;
import nn.network.DeviceNetwork;
import nn.network.Network;
import nn.network.Parameter;
import nn.spec.ExperimentSpec;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** One Spark context for every test class (Spark allows one per JVM), and config helpers. */
final class SparkTestSupport {
    /** local[2,4]: two task threads, and up to four attempts per task, so an injected failure is retried. */
    static final String MASTER = "local[2,4]";
    private static JavaSparkContext context;

    private SparkTestSupport() {
    }

    static synchronized JavaSparkContext context() {
        if (context == null) {
            SparkConf conf = new SparkConf().setAppName("nn-spark tests").setMaster(MASTER)
                    .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1");
            context = new JavaSparkContext(conf);
            context.setLogLevel("ERROR");
            Runtime.getRuntime().addShutdownHook(new Thread(context::stop));
        }
        return context;
    }

    /** The iris data's absolute folder (the repository's data/, next to spark/). */
    static String data(String file) {
        return Path.of("..", "data", file).toAbsolutePath().normalize().toString();
    }

    /** An iris config with the given distributed block and optimizer. */
    static ExperimentSpec iris(String distributed, String optimizer, int epochs, int batch, boolean shuffle) {
        String yaml = "name: iris-spark\nseed: 7\ndevice: java\n"
                + "network: { input: 4, layers: [ { units: 12, activation: tanh }, { units: 3, activation: softmax } ] }\n"
                + "loss: categorical_crossentropy\n"
                + "optimizer: " + optimizer + "\n"
                + "training: { epochs: " + epochs + ", batch_size: " + batch + ", shuffle: " + shuffle + ", l2: 0.001 }\n"
                + "data:\n  train: { csv: " + data("iris-train.csv") + ", label: species }\n"
                + "  test: { csv: " + data("iris-test.csv") + ", label: species }\n  normalize: standard\n"
                + (distributed == null ? "" : "distributed: " + distributed + "\n");
        try (ConfigLoader loader = new ConfigLoader()) {
            return loader.parse("test.yaml", yaml, Path.of("."), List.of()).spec();
        }
    }

    /** Every parameter of {@code network}, flattened in layer order. */
    static float[] weights(Network network) {
        try (Backend backend = Devices.host(1)) {
            DeviceNetwork net = new DeviceNetwork(backend, network, 1);
            List<float[]> parts = new ArrayList<>();
            int n = 0;
            for (Parameter p : net.parameters()) {
                float[] v = new float[p.value().size()];
                backend.read(p.value(), v);
                parts.add(v);
                n += v.length;
            }
            float[] all = new float[n];
            int at = 0;
            for (float[] v : parts) {
                System.arraycopy(v, 0, all, at, v.length);
                at += v.length;
            }
            return all;
        }
    }

    static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }
}
