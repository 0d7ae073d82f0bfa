package nn.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nn.data.CsvChunks;
import nn.data.Datasets;
import nn.data.RawTable;
import nn.io.AtomicFiles;
import nn.model.Model;
import nn.model.Prediction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nn predict MODEL --input x.csv}: predictions for new rows, as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Predicts the rows of a CSV file (header row; the model's feature columns are picked by name, "
                + "others are ignored) with the model in MODEL (models/NAME, a model.nnm file or a format-1 model.json).",
                "Writes CSV: prediction (class name or value), then one probability column per class."},
        footer = {"", ExitCode.TABLE})
final class PredictCommand implements Callable<Integer> {
    /** Rows read and predicted at a time: bounded memory whatever the file's size. */
    private static final int CHUNK_ROWS = 4096;

    @Parameters(index = "0", paramLabel = "MODEL", description = "models/NAME or a model file (model.nnm, or a format-1 model.json).")
    Path model;

    @Option(names = {"-i", "--input"}, paramLabel = "CSV", description = "Rows to predict; '-' or absent reads standard input.")
    String input;

    @Option(names = {"-o", "--output"}, paramLabel = "CSV", description = "Where to write; standard output when absent.")
    Path output;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws IOException {
        // Rows are read, predicted and written a chunk at a time: a file larger than the heap streams through.
        try (Model m = Model.load(model); CsvChunks in = open()) {
            if (output == null) {
                Writer out = command.commandLine().getOut();
                writePredictions(m, in, out);
                out.flush();
            } else {
                AtomicFiles.write(output, stream -> {
                    Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                    writePredictions(m, in, out);
                    out.flush();
                });
            }
        }
        return ExitCode.OK;
    }

    private CsvChunks open() {
        if (input == null || input.equals("-")) {
            Reader stdin = new InputStreamReader(System.in, StandardCharsets.UTF_8);
            return CsvChunks.open(stdin, "<stdin>");
        }
        return CsvChunks.open(Path.of(input), input);
    }

    private static void writePredictions(Model m, CsvChunks in, Writer out) throws IOException {
        List<String> classes = m.classNames();
        List<String> header = new ArrayList<>(List.of("prediction"));
        classes.forEach(c -> header.add("p_" + c));
        int features = m.featureNames().size();
        try (SequenceWriter writer = new CsvMapper().writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writeValues(out)) {
            writer.write(header.toArray(String[]::new));
            for (RawTable table = in.next(CHUNK_ROWS); table != null; table = in.next(CHUNK_ROWS)) {
                float[] flat = Datasets.features(table, m.featureNames());
                float[][] rows = new float[table.rows().size()][];
                for (int r = 0; r < rows.length; r++) {
                    rows[r] = java.util.Arrays.copyOfRange(flat, r * features, (r + 1) * features);
                }
                for (Prediction p : m.predictAll(rows)) {
                    String[] row = new String[header.size()];
                    row[0] = classes.isEmpty() ? format(p.value()) : p.label();
                    double[] probabilities = p.probabilities();
                    for (int j = 0; j < probabilities.length; j++) {
                        row[j + 1] = format(probabilities[j]);
                    }
                    writer.write(row);
                }
            }
        }
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }
}
