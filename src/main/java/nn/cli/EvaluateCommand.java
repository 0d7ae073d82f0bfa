package nn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nn.compute.Backend;
import nn.compute.Devices;
import nn.data.CsvChunks;
import nn.data.Dataset;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import nn.data.TabularData;
import nn.data.RawTable;
import nn.data.TableDialect;
import nn.io.ModelDirectory;
import nn.io.ModelFile;
import nn.io.SavedModel;
import nn.spec.ExperimentSpec;
import nn.train.ConfusionMatrix;
import nn.train.Evaluation;
import nn.train.EvaluationTotals;
import nn.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nn evaluate MODEL --data test.csv}: the training report's metrics on new labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Scores the model in MODEL (models/NAME, a model.nnm file or a format-1 model.json) on labelled rows of a CSV file: "
                + "loss and accuracy, macro precision/recall/F1 and the confusion matrix (classification), or "
                + "rmse, mae and r2 (regression).",
                "Feature columns are picked by name and the saved normaliser is applied."},
        footer = {"", ExitCode.TABLE})
final class EvaluateCommand implements Callable<Integer> {
    /** Rows read and scored at a time: bounded memory whatever the file's size. */
    private static final int CHUNK_ROWS = 8192;


    @Parameters(index = "0", paramLabel = "MODEL", description = "models/NAME or a model file (model.nnm, or a format-1 model.json).")
    Path model;

    @Option(names = {"-d", "--data"}, required = true, paramLabel = "CSV",
            description = "Labelled rows, with a header row; '-' reads standard input.")
    String data;

    @Option(names = {"-l", "--label"}, paramLabel = "COLUMN",
            description = "The label column (default: the one the model was trained with, else the last column).")
    String label;

    @Option(names = "--json", description = "Print the metrics as one JSON object: standard output carries nothing else.")
    boolean json;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "Cell separator of the CSV: ',' (default), ';', '|' or tab.")
    String delimiter = ",";

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        Path file = ModelDirectory.modelFile(model);
        SavedModel saved = ModelFile.load(file);
        boolean oneHot = !saved.classNames().isEmpty() && saved.network().outputs() > 1;
        // Scored a chunk of rows at a time and the parts summed: a file larger than the heap streams through.
        EvaluationTotals totals = new EvaluationTotals();
        try (CsvChunks in = data.equals("-")
                ? CsvChunks.open(new InputStreamReader(System.in, StandardCharsets.UTF_8), "<stdin>", dialect())
                : CsvChunks.open(Path.of(data), data, dialect());
             Backend backend = Devices.host(Devices.defaultThreads())) {
            String column = label != null ? label : trainedLabel(saved.config(), in.columns(), data);
            for (RawTable table = in.next(CHUNK_ROWS); table != null; table = in.next(CHUNK_ROWS)) {
                Dataset raw = TabularData.build(table, column, saved.preprocessing(), saved.classNames(), oneHot);
                Dataset part = saved.normalizer().apply(raw);
                Evaluation scored = Trainer.evaluate(saved.network(), part, NetworkSource.loss(saved.config()), backend);
                FiniteOutputs.requireFiniteLoss(scored.loss(), table, saved.featureNames(), raw.x());
                totals.add(scored, part.y());
            }
        }
        // Scored on the standardised target; reported in the label's units.
        Evaluation e = totals.total().inTargetUnits(saved.preprocessing().target().scale());
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            out.println(toJson(e, saved.classNames()));
        } else {
            print(out, file, e, saved.classNames());
        }
        out.flush();
        return ExitCode.OK;
    }

    /**
     * The label column the model was trained with; the file's last column when it was trained by
     * position. A file without the named column is refused: scoring another column would be a
     * meaningless success.
     */
    private static String trainedLabel(ExperimentSpec config, List<String> columns, String source) {
        String trained = config == null || config.data() == null || config.data().train() == null ? null
                : config.data().train().label();
        if (trained != null) {
            if (!columns.contains(trained)) {
                throw new nn.data.DataException(source + ":1:1: missing label column '" + trained
                        + "' that the model was trained with; the columns are " + String.join(", ", columns)
                        + " (--label COLUMN scores against another one)");
            }
            return trained;
        }
        return columns.get(columns.size() - 1);
    }

    static ObjectNode toJson(Evaluation e, List<String> classes) {
        // Made here, not in a static field: picocli builds every command for any invocation, and a
        // mapper in a static initialiser loads half of Jackson for 'nn --version' too.
        ObjectMapper json = new ObjectMapper();
        ObjectNode node = json.createObjectNode();
        node.put("rows", e.rows());
        node.put("loss", e.loss());
        if (e.confusion() != null) {
            ConfusionMatrix c = e.confusion();
            node.put("accuracy", e.metric());
            node.put("precision", c.macroPrecision());
            node.put("recall", c.macroRecall());
            node.put("f1", c.macroF1());
            node.set("classNames", json.valueToTree(classes));
            node.set("confusion", json.valueToTree(c.counts()));
            ObjectNode perClass = node.putObject("classes");
            int[][] counts = c.counts();
            for (int k = 0; k < c.classes(); k++) {
                ObjectNode one = perClass.putObject(classes.get(k));
                one.put("precision", c.precision(k));
                one.put("recall", c.recall(k));
                one.put("f1", c.f1(k));
                one.put("support", java.util.Arrays.stream(counts[k]).sum());
            }
        } else {
            var r = e.regression();
            node.put("rmse", r.rmse());
            node.put("mae", r.mae());
            node.put("mse", r.mse());
            if (Double.isFinite(r.r2())) {
                node.put("r2", r.r2());
            }
        }
        return node;
    }

    private static void print(PrintWriter out, Path file, Evaluation e, List<String> classes) {
        out.printf(Locale.ROOT, "model %s on %d rows%n", file, e.rows());
        if (e.confusion() == null) {
            var r = e.regression();
            out.printf(Locale.ROOT, "loss %.4f  rmse %.4g  mae %.4g  r2 %.4f%n", e.loss(), r.rmse(), r.mae(), r.r2());
            return;
        }
        ConfusionMatrix c = e.confusion();
        out.printf(Locale.ROOT, "loss %.4f  accuracy %.4f  macro precision %.4f  recall %.4f  f1 %.4f%n", e.loss(),
                e.metric(), c.macroPrecision(), c.macroRecall(), c.macroF1());
        int width = Math.max(9, classes.stream().mapToInt(String::length).max().orElse(0));
        out.println();
        out.println("confusion matrix (rows: true class, columns: predicted)");
        StringBuilder header = new StringBuilder(pad("", width));
        classes.forEach(name -> header.append("  ").append(String.format(Locale.ROOT, "%" + width + "s", name)));
        out.println(header.toString().stripTrailing());
        int[][] counts = c.counts();
        for (int t = 0; t < counts.length; t++) {
            StringBuilder row = new StringBuilder(pad(classes.get(t), width));
            for (int count : counts[t]) {
                row.append("  ").append(String.format(Locale.ROOT, "%" + width + "d", count));
            }
            out.println(row);
        }
        out.println();
        out.printf(Locale.ROOT, "%s  precision  recall      f1  support%n", pad("class", width));
        for (int k = 0; k < c.classes(); k++) {
            out.printf(Locale.ROOT, "%s  %9.4f  %6.4f  %6.4f  %7d%n", pad(classes.get(k), width), c.precision(k),
                    c.recall(k), c.f1(k), java.util.Arrays.stream(counts[k]).sum());
        }
    }

    private TableDialect dialect() {
        return CsvDialects.of(delimiter, command);
    }

    private static String pad(String text, int width) {
        return String.format(Locale.ROOT, "%-" + width + "s", text);
    }
}
