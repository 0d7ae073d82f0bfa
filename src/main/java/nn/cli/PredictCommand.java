package nn.cli;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nn.data.RawTable;
import nn.data.TableDialect;
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

    @Option(names = "--keep", split = ",", paramLabel = "COLUMN",
            description = "Input columns to copy to the output before the prediction (an id, say), so rows can be joined back.")
    List<String> keep = List.of();

    @Option(names = "--threshold", paramLabel = "P",
            description = "Binary models: predict the second class when its probability is at least P (default 0.5).")
    Double threshold;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "Cell separator of the CSV: ',' (default), ';', '|' or tab.")
    String delimiter = ",";

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws IOException {
        try (Model m = Model.load(model)) {
            checkThreshold(m);
            RawTable table = read();
            int[] kept = keptColumns(table);
            List<Prediction> predictions = m.predict(table, threshold == null ? 0.5 : threshold);
            String csv = toCsv(table, kept, m.classNames(), predictions);
            if (output == null) {
                command.commandLine().getOut().print(csv);
                command.commandLine().getOut().flush();
            } else {
                AtomicFiles.write(output, csv.getBytes(StandardCharsets.UTF_8));
            }
        }
        return ExitCode.OK;
    }

    private TableDialect dialect() {
        return CsvDialects.of(delimiter, command);
    }

    private RawTable read() throws IOException {
        if (input == null || input.equals("-")) {
            Reader stdin = new InputStreamReader(System.in, StandardCharsets.UTF_8);
            return Tables.csv(stdin, "<stdin>", dialect());
        }
        return Tables.csv(Path.of(input), input, dialect());
    }

    private void checkThreshold(Model m) {
        if (threshold == null) {
            return;
        }
        if (m.classNames().size() != 2 || m.saved().network().outputs() != 1) {
            throw new ParameterException(command.commandLine(), "--threshold applies to binary models (one sigmoid "
                    + "output, two classes); this model has " + (m.classNames().isEmpty() ? "a regression output"
                    : m.classNames().size() + " classes"));
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new ParameterException(command.commandLine(), "--threshold must be between 0 and 1, got " + threshold);
        }
    }

    private int[] keptColumns(RawTable table) {
        int[] kept = new int[keep.size()];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = table.columns().indexOf(keep.get(i));
            if (kept[i] < 0) {
                throw new ParameterException(command.commandLine(), "--keep: no column '" + keep.get(i) + "' in "
                        + table.source() + "; the columns are " + String.join(", ", table.columns()));
            }
        }
        return kept;
    }

    private static String toCsv(RawTable table, int[] kept, List<String> classes, List<Prediction> predictions) {
        List<String> header = new ArrayList<>();
        for (int k : kept) {
            header.add(table.columns().get(k));
        }
        header.add("prediction");
        classes.forEach(c -> header.add("p_" + c));
        StringWriter text = new StringWriter();
        try (SequenceWriter writer = new CsvMapper().writer().writeValues(text)) {
            writer.write(header.toArray(String[]::new));
            for (int r = 0; r < predictions.size(); r++) {
                Prediction p = predictions.get(r);
                String[] row = new String[header.size()];
                for (int i = 0; i < kept.length; i++) {
                    row[i] = table.rows().get(r)[kept[i]];
                }
                row[kept.length] = classes.isEmpty() ? format(p.value()) : p.label();
                double[] probabilities = p.probabilities();
                for (int j = 0; j < probabilities.length; j++) {
                    row[kept.length + j + 1] = format(probabilities[j]);
                }
                writer.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }
}
