package nn.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import nn.io.SavedModel;
import nn.spec.ExperimentSpec;
import nn.train.TrainingResult;

/**
 * A finished run: the result, the backend that finished it (Java after a fallback), its report
 * ({@code report.json}), and what {@link #save(Path)} needs to write the model directory.
 *
 * @param template   names, normaliser, resolved config and provenance of the model to save
 * @param metricName {@code accuracy} or {@code rmse}
 */
public record TrainedRun(TrainingResult result, String backendName, ObjectNode report, SavedModel template,
                         ExperimentSpec spec, String metricName) {
    /**
     * Writes the model directory {@code nn train} writes: model.nnm, config.yaml, metrics.csv,
     * report.json and training.png; returns {@code dir}.
     */
    public Path save(Path dir) {
        try {
            new RunOutput(dir, template, spec, metricName).finish(result, report, backendName);
        } catch (nn.io.OutputFolderException e) {
            throw TrainingRun.withNewest(e, dir);
        }
        return dir;
    }

    /**
     * Whether this run, interrupted (Ctrl-C, SIGTERM) and not resumed, must leave {@code dir}'s final
     * files to the previous complete run; see {@link RunOutput#keepsPrevious}.
     */
    public boolean keepsPrevious(Path dir, boolean resumed) {
        return new RunOutput(dir, template, spec, metricName).keepsPrevious(result, resumed);
    }

}
