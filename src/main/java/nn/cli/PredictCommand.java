package nn.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nn.data.CsvChunks;
import nn.data.RawTable;
import nn.data.TableDialect;
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
    /** Rows read and predicted at a time: bounded memory whatever the file's size. */
    private static final int CHUNK_ROWS = 4096;

    @Parameters(index = "0", paramLabel = "MODEL", description = "models/NAME or a model file (model.nnm, or a format-1 model.json).")
    Path model;

    @Option(names = {"-i", "--input"}, paramLabel = "CSV", description = "Rows to predict; '-' or absent reads standard input.")
    String input;

    @Option(names = {"-o", "--output"}, paramLabel = "CSV", description = "Where to write; standard output when absent.")
    Path output;

    @Option(names = "--json", description = "Write one JSON document ({\"predictions\": [{\"prediction\": ..., "
            + "\"probabilities\": {CLASS: P, ...}}, ...]}) instead of CSV; standard output carries nothing else.")
    boolean json;

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
        checkOutput();
        // Rows are read, predicted and written a chunk at a time: a file larger than the heap streams through.
        try (Model m = Model.load(model); CsvChunks in = open()) {
            checkThreshold(m);
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

    private TableDialect dialect() {
        return CsvDialects.of(delimiter, command);
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

    private int[] keptColumns(List<String> columns, String source) {
        int[] kept = new int[keep.size()];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = columns.indexOf(keep.get(i));
            if (kept[i] < 0) {
                throw new ParameterException(command.commandLine(), "--keep: no column '" + keep.get(i) + "' in "
                        + source + "; the columns are " + String.join(", ", columns));
            }
        }
        return kept;
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

    private CsvChunks open() {
        if (input == null || input.equals("-")) {
            Reader stdin = new InputStreamReader(new BoundedInput(System.in, "<stdin>", BoundedInput.defaultLimit()),
                    StandardCharsets.UTF_8);
            return CsvChunks.open(stdin, "<stdin>", dialect());
        }
        return CsvChunks.open(Path.of(input), input, dialect());
    }

    /** Predicts every chunk and writes it as it goes: CSV rows, or the one JSON document's entries. */
    private void writePredictions(Model m, CsvChunks in, Writer out) throws IOException {
        List<String> classes = m.classNames();
        int features = m.featureNames().size();
        int[] kept = keptColumns(in.columns(), in.source());
        List<String> keptNames = java.util.Arrays.stream(kept).mapToObj(in.columns()::get).toList();
        Rows rows = json ? new JsonRows(out, classes, keptNames) : new CsvRows(out, classes, keptNames);
        for (RawTable table = in.next(CHUNK_ROWS); table != null; table = in.next(CHUNK_ROWS)) {
            // The saved preprocessing (imputation, encodings) turns the raw cells into the model's inputs.
            float[] flat = m.saved().preprocessing().encode(table);
            float[][] x = new float[table.rows().size()][];
            for (int r = 0; r < x.length; r++) {
                x[r] = java.util.Arrays.copyOfRange(flat, r * features, (r + 1) * features);
            }
            List<Prediction> predictions = m.predictAll(x, threshold == null ? 0.5 : threshold);
            for (int r = 0; r < x.length; r++) {
                Prediction p = predictions.get(r);
                FiniteOutputs.requireFinite(classes.isEmpty() ? new double[] {p.value()} : p.probabilities(), r,
                        table, m.featureNames(), x[r]);
                String[] cells = table.rows().get(r);
                rows.write(java.util.Arrays.stream(kept).mapToObj(k -> cells[k]).toArray(String[]::new), p);
            }
        }
        // Only after the last row: a failure leaves the output visibly unfinished rather than well-formed.
        rows.finish();
    }

    /** Where predictions go, one at a time. */
    private interface Rows {
        /** One row: the kept input cells (--keep), then the prediction. */
        void write(String[] keptCells, Prediction p) throws IOException;

        void finish() throws IOException;
    }

    /** CSV: prediction, then one probability column per class. */
    private static final class CsvRows implements Rows {
        private final SequenceWriter writer;
        private final List<String> classes;

        CsvRows(Writer out, List<String> classes, List<String> kept) throws IOException {
            this.classes = classes;
            writer = new CsvMapper().writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValues(out);
            List<String> header = new ArrayList<>(kept);
            header.add("prediction");
            classes.forEach(c -> header.add("p_" + c));
            writer.write(header.toArray(String[]::new));
        }

        @Override
        public void write(String[] keptCells, Prediction p) throws IOException {
            int k = keptCells.length;
            String[] row = new String[k + 1 + p.probabilities().length];
            System.arraycopy(keptCells, 0, row, 0, k);
            row[k] = classes.isEmpty() ? format(p.value()) : p.label();
            double[] probabilities = p.probabilities();
            for (int j = 0; j < probabilities.length; j++) {
                row[k + j + 1] = format(probabilities[j]);
            }
            writer.write(row);
        }

        @Override
        public void finish() throws IOException {
            writer.close();
        }
    }

    /** One JSON document, {"predictions": [...]}, written entry by entry. */
    private static final class JsonRows implements Rows {
        private final JsonGenerator json;
        private final Writer out;
        private final List<String> classes;
        private final List<String> kept;

        JsonRows(Writer out, List<String> classes, List<String> kept) throws IOException {
            this.out = out;
            this.classes = classes;
            this.kept = kept;
            json = new ObjectMapper().getFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            json.writeArrayFieldStart("predictions");
        }

        @Override
        public void write(String[] keptCells, Prediction p) throws IOException {
            json.writeStartObject();
            for (int i = 0; i < keptCells.length; i++) {
                json.writeStringField(kept.get(i), keptCells[i]);
            }
            if (classes.isEmpty()) {
                json.writeNumberField("prediction", p.value());
            } else {
                json.writeStringField("prediction", p.label());
                json.writeObjectFieldStart("probabilities");
                for (int j = 0; j < classes.size(); j++) {
                    json.writeNumberField(classes.get(j), p.probabilities()[j]);
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        }

        @Override
        public void finish() throws IOException {
            json.writeEndArray();
            json.writeEndObject();
            json.close();
            out.write(System.lineSeparator());
        }
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }
}
