package nn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import nn.io.ModelDirectory;
import nn.io.ModelFile;
import nn.io.SavedModel;
import nn.io.onnx.OnnxExportException;
import nn.io.onnx.OnnxExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nn export MODEL --format onnx -o FILE.onnx}: the model, preprocessing included, as an ONNX graph. */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Writes the model in MODEL (models/NAME or a model file) as one ONNX file (opset 13) that holds "
                + "its preprocessing too: one input per feature column, named as the column, shape [N, 1] (float32 "
                + "for numeric columns, NaN = missing; string for categorical ones, \"\" = missing); outputs label and "
                + "probabilities [N, classes], or value [N, 1] for regression."},
        footer = {"", ExitCode.TABLE})
final class ExportCommand implements Callable<Integer> {
    /** The formats nn writes. */
    enum Format { onnx }

    @Parameters(index = "0", paramLabel = "MODEL", description = "models/NAME or a model file (model.nnm, or a format-1 model.json).")
    Path model;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "onnx", description = "onnx (the only one; the default).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "Where to write, e.g. penguins.onnx.")
    Path output;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws IOException {
        if (Files.isDirectory(output)) {
            throw new ParameterException(command.commandLine(), "-o " + output + " is a folder; expected a file to write");
        }
        Path modelFile = ModelDirectory.modelFile(model);
        if (Files.exists(output) && Files.exists(modelFile) && Files.isSameFile(output, modelFile)) {
            throw new ParameterException(command.commandLine(), "-o " + output + " is the model being read; expected another file");
        }
        SavedModel saved = ModelFile.load(modelFile);
        try {
            OnnxExporter.write(saved, VersionProvider.version(), output);
        } catch (OnnxExportException e) {
            command.commandLine().getErr().println("nn: " + modelFile + ": " + e.getMessage());
            return ExitCode.BAD_INPUT;
        }
        PrintWriter err = command.commandLine().getErr();
        err.println("nn: wrote " + output + " (" + Files.size(output) + " bytes, ONNX opset " + OnnxExporter.OPSET + ")");
        return ExitCode.OK;
    }
}
