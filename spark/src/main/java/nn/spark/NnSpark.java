package nn.spark;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nn.config.ConfigException;
import nn.config.ConfigLoader;
import nn.cli.TrainingProgress;
import nn.config.LoadedConfig;
import nn.data.DataException;
import nn.io.ModelFormatException;
import nn.run.TrainedRun;
import nn.spec.SpecException;
import nn.train.TrainingDivergedException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code nn-spark CONFIG [--output-dir DIR] [--resume] [--master URL] [-q] [--log-every N] [--json]}:
 * trains a config with a {@code distributed} block on Spark. The master is {@code --master}, else
 * what spark-submit set, else the config's {@code distributed.master}, else {@code local[*]}.
 * Progress is {@code nn train}'s (a line redrawn on a terminal, else a line every N epochs); with
 * {@code --json} standard output carries only the report. Exit codes as {@code nn}.
 */
public final class NnSpark {
    static final int OK = 0;
    static final int INTERNAL = 1;
    static final int BAD_INPUT = 2;
    static final int DIVERGED = 3;

    private NnSpark() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /** Runs the command line and returns its exit code; never exits the JVM. */
    public static int run(String[] args, PrintWriter stdout, PrintWriter err) {
        return run(args, stdout, err, null);
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter)} on {@code given} (tests: Spark allows one context per JVM), which it leaves open; null: its own. */
    static int run(String[] args, PrintWriter stdout, PrintWriter err, JavaSparkContext given) {
        Arguments a;
        try {
            a = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("nn-spark: " + e.getMessage());
            err.println(USAGE);
            return BAD_INPUT;
        }
        // With --json, stdout carries the report alone: every human line goes to stderr.
        PrintWriter out = a.json() ? err : stdout;
        LoadedConfig loaded = null;
        try (ConfigLoader loader = new ConfigLoader()) {
            loaded = loader.load(a.config(), List.of());
            var spec = loaded.spec();
            try {
                // Refuse what cannot run before spending seconds on a Spark context.
                if (spec.distributed() == null) {
                    TrainingPlan.prepare(spec, loaded.baseDir(), -1, null);
                }
            } catch (SpecException e) {
                throw loaded.locate(e);
            }
            if (given != null) {
                train(given, loaded, a, out, stdout);
            } else {
                try (JavaSparkContext sc = new JavaSparkContext(conf(spec, a))) {
                    sc.setLogLevel("WARN");
                    train(sc, loaded, a, out, stdout);
                }
            }
            return OK;
        } catch (ConfigException | DataException | ModelFormatException e) {
            err.println(e.getMessage());
            return BAD_INPUT;
        } catch (SpecException e) {
            err.println((e.keyPath().isEmpty() ? "" : e.keyPath() + ": ") + e.getMessage());
            return BAD_INPUT;
        } catch (TrainingDivergedException e) {
            err.println("training diverged: " + e.getMessage());
            return DIVERGED;
        } catch (Exception e) {
            // Hadoop's checked exceptions reach here through Scala: a missing input is bad input.
            if (e instanceof java.io.IOException && String.valueOf(e.getMessage()).contains("does not exist")) {
                err.println(e.getMessage());
                return BAD_INPUT;
            }
            String bad = badInputOnExecutor(e);
            if (bad != null) {
                err.println(bad);
                return BAD_INPUT;
            }
            err.println("nn-spark: internal error (please report it): " + e);
            return INTERNAL;
        }
    }

    /**
     * A bad cell met by an executor fails its task with nn's DataException; Spark reports it to the
     * driver inside its own exception, as text: that line, or null.
     */
    static String badInputOnExecutor(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataException) {
                return t.getMessage();
            }
            var m = java.util.regex.Pattern.compile("nn\\.data\\.DataException: ([^\\n]*)").matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static SparkConf conf(nn.spec.ExperimentSpec spec, Arguments a) {
        SparkConf conf = new SparkConf().setAppName("nn-spark " + spec.name());
        if (a.master() != null) {
            conf.setMaster(a.master());
        } else if (!conf.contains("spark.master")) {
            String master = spec.distributed().master();
            conf.setMaster(master == null ? "local[*]" : master);
        }
        return conf;
    }

    private static void train(JavaSparkContext sc, LoadedConfig loaded, Arguments a, PrintWriter out, PrintWriter stdout) {
        var spec = loaded.spec();
        Path modelDir = a.outputDir().resolve(spec.name());
        TrainingPlan plan;
        try {
            plan = TrainingPlan.prepare(spec, loaded.baseDir(), -1, sc);
        } catch (SpecException e) {
            throw loaded.locate(e);
        }
        out.println("nn-spark: " + spec.name() + " on " + sc.master() + ", " + plan.setup().partitions()
                + " partitions, " + plan.trainRows() + " rows, sync " + (plan.parametersSync() ? "parameters"
                : "gradients") + " every " + plan.distributed().every());
        var e = plan.experiment();
        TrainedRun trained;
        try (TrainingProgress progress = TrainingProgress.create(a.quiet(), System.console() != null && !a.json(),
                a.logEvery(), out, e.train().isClassification() ? "accuracy" : "rmse",
                (int) Math.min(Integer.MAX_VALUE, plan.trainRows()), e.options().epochs(), 0)) {
            trained = SparkJob.run(sc, plan, modelDir, a.resume(), 0, out, progress);
        }
        out.printf("saved %s (train %s %.4f%s)%n", modelDir, trained.metricName(), trained.result().train().metric(),
                trained.result().test() == null ? "" : String.format(", test %.4f", trained.result().test().metric()));
        if (a.json()) {
            stdout.println(trained.report().toString());
            stdout.flush();
        }
    }

    static final String USAGE = "usage: nn-spark CONFIG [--output-dir DIR] [--resume] [--master URL] [-q] "
            + "[--log-every N] [--json]";

    /** The parsed command line. */
    record Arguments(Path config, Path outputDir, boolean resume, String master, boolean quiet, Integer logEvery,
                     boolean json) {
        static Arguments parse(String[] args) {
            Path config = null;
            Path outputDir = Path.of("models");
            boolean resume = false;
            String master = null;
            boolean quiet = false;
            Integer logEvery = null;
            boolean json = false;
            List<String> rest = new ArrayList<>(List.of(args));
            for (int i = 0; i < rest.size(); i++) {
                String arg = rest.get(i);
                switch (arg) {
                    case "--resume" -> resume = true;
                    case "--output-dir" -> outputDir = Path.of(value(rest, ++i, arg));
                    case "--master" -> master = value(rest, ++i, arg);
                    case "-q", "--quiet" -> quiet = true;
                    case "--json" -> json = true;
                    case "--log-every" -> logEvery = positive(value(rest, ++i, arg), arg);
                    default -> {
                        if (arg.startsWith("-") || config != null) {
                            throw new IllegalArgumentException("unexpected argument '" + arg + "'");
                        }
                        config = Path.of(arg);
                    }
                }
            }
            if (config == null) {
                throw new IllegalArgumentException("expected a config file");
            }
            return new Arguments(config, outputDir, resume, master, quiet, logEvery, json);
        }

        private static int positive(String value, String option) {
            try {
                int n = Integer.parseInt(value);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(option + " must be a whole number of at least 1, got " + value);
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args.get(i);
        }
    }
}
