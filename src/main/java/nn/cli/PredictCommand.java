package nn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nn.data.Datasets;
import nn.data.RawTable;
import nn.data.Tables;
import nn.io.AtomicFiles;
import nn.model.Model;
import nn.model.Prediction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nn predict MODEL --input x.csv}: predictions for new rows, as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Predicts the rows of a CSV file (header row; the model's feature columns are picked by name, "
                + "others are ignored) with the model in MODEL (models/NAME, a model.nnm file or a format-1 model.json).",
                "Writes CSV: prediction (class name or value), then one probability column per class."},
        footer = {"", ExitCode.TABLE})
final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "models/NAME or a model file (model.nnm, or a format-1 model.json).")
    Path model;

    @Option(names = {"-i", "--input"}, paramLabel = "CSV", description = "Rows to predict; '-' or absent reads standard input.")
    String input;

    @Option(names = {"-o", "--output"}, paramLabel = "CSV", description = "Where to write; standard output when absent.")
    Path output;

    @Option(names = "--json", description = "Write one JSON document ({\"predictions\": [{\"prediction\": ..., "
            + "\"probabilities\": {CLASS: P, ...}}, ...]}) instead of CSV; standard output carries nothing else.")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws IOException {
        checkOutput();
        try (Model m = Model.load(model)) {
            RawTable table = read();
            float[] flat = Datasets.features(table, m.featureNames());
            int features = m.featureNames().size();
            float[][] rows = new float[table.rows().size()][];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = java.util.Arrays.copyOfRange(flat, r * features, (r + 1) * features);
            }
            List<Prediction> predictions = m.predictAll(rows);
            for (int r = 0; r < rows.length; r++) {
                Prediction p = predictions.get(r);
                FiniteOutputs.requireFinite(m.classNames().isEmpty() ? new double[] {p.value()} : p.probabilities(), r,
                        table, m.featureNames(), rows[r]);
            }
            String csv = json ? toJson(m.classNames(), predictions) : toCsv(m.classNames(), predictions);
            if (output == null) {
                command.commandLine().getOut().print(csv);
                command.commandLine().getOut().flush();
            } else {
                AtomicFiles.write(output, csv.getBytes(StandardCharsets.UTF_8));
            }
        }
        return ExitCode.OK;
    }

    /** -o must name a file to write, and never the model being read (it would be replaced by CSV). */
    private void checkOutput() throws IOException {
        if (output == null) {
            return;
        }
        if (Files.isDirectory(output)) {
            throw new ParameterException(command.commandLine(), "-o " + output + " is a folder; expected a file to write");
        }
        Path modelFile = nn.io.ModelDirectory.modelFile(model);
        if (Files.exists(output) && Files.exists(modelFile) && Files.isSameFile(output, modelFile)) {
            throw new ParameterException(command.commandLine(), "-o " + output + " is the model being read; expected "
                    + "another file");
        }
    }

    private RawTable read() throws IOException {
        if (input == null || input.equals("-")) {
            Reader stdin = new InputStreamReader(new BoundedInput(System.in, "<stdin>", BoundedInput.defaultLimit()),
                    StandardCharsets.UTF_8);
            return Tables.csv(stdin, "<stdin>");
        }
        return Tables.csv(Path.of(input), input);
    }

    private static String toCsv(List<String> classes, List<Prediction> predictions) {
        List<String> header = new ArrayList<>(List.of("prediction"));
        classes.forEach(c -> header.add("p_" + c));
        StringWriter text = new StringWriter();
        try (SequenceWriter writer = new CsvMapper().writer().writeValues(text)) {
            writer.write(header.toArray(String[]::new));
            for (Prediction p : predictions) {
                String[] row = new String[header.size()];
                row[0] = classes.isEmpty() ? format(p.value()) : p.label();
                double[] probabilities = p.probabilities();
                for (int j = 0; j < probabilities.length; j++) {
                    row[j + 1] = format(probabilities[j]);
                }
                writer.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static String toJson(List<String> classes, List<Prediction> predictions) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode list = root.putArray("predictions");
        for (Prediction p : predictions) {
            ObjectNode one = list.addObject();
            if (classes.isEmpty()) {
                one.put("prediction", p.value());
                continue;
            }
            one.put("prediction", p.label());
            ObjectNode probabilities = one.putObject("probabilities");
            for (int j = 0; j < classes.size(); j++) {
                probabilities.put(classes.get(j), p.probabilities()[j]);
            }
        }
        return root.toString() + System.lineSeparator();
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }
}
