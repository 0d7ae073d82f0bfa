package nn.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nn.config.ConfigWriter;
import nn.io.AtomicFiles;
import nn.io.Checkpoints;
import nn.io.ModelFile;
import nn.io.OutputFolderException;
import nn.io.RunFiles;
import nn.io.SavedModel;
import nn.io.TrainingChart;
import nn.spec.ExperimentSpec;
import nn.train.EpochMetrics;
import nn.train.Evaluation;
import nn.train.TrainingResult;
import nn.train.TrainingState;

/**
 * What a training run writes to {@code models/NAME/}: checkpoints and the chart as it goes; the
 * model, config, metrics, report and chart at the end.
 *
 * @param template   names, normaliser, config and provenance; its network is replaced by the one saved
 * @param metricName {@code accuracy} or {@code rmse}
 */
public record RunOutput(Path dir, SavedModel template, ExperimentSpec spec, String metricName) {
    private static final int MAX_POINTS = 320; // two points per pixel of a 640-pixel panel
    private static final String STAGING_PREFIX = ".final.nn-";
    /** A staging folder of {@link #finish}: ".final.nn-123" (createTempDirectory's digits). */
    public static final Pattern STAGING = Pattern.compile("\\.final\\.nn-\\d+");
    /** The files {@link #finish} writes, in the order they are renamed into place: the model last. */
    private static final List<String> FINAL_FILES = List.of("config.yaml", "metrics.csv", "report.json",
            "training.png", ModelFile.NAME);

    /** Writes a checkpoint and refreshes training.png; returns the checkpoint's directory. */
    public Path checkpoint(TrainingState state) {
        Path saved = Checkpoints.save(dir, state, template);
        chart(dir, state.history());
        return saved;
    }

    /**
     * Whether an interrupted run (Ctrl-C, SIGTERM) must leave the folder's final files alone: on a
     * retrain they belong to the previous, complete run, which stays the folder's model until this
     * one completes (its state is in the checkpoint the stop saved; {@code --resume} continues it).
     */
    public boolean keepsPrevious(TrainingResult result, boolean resumed) {
        return result.interrupted() && !resumed && java.nio.file.Files.isRegularFile(dir.resolve(ModelFile.NAME));
    }

    /**
     * Writes model.nnm, config.yaml, metrics.csv, report.json and training.png: first all of them
     * into a hidden staging folder ({@code .final.nn-DIGITS}), then each renamed into place, the
     * model last. A disk that fills while they are written leaves the previous run's files as they
     * were and no staging folder; renames need no space.
     */
    public void finish(TrainingResult result, ObjectNode report, String device) {
        SavedModel.Provenance provenance = template.provenance().withDevice(device)
                .withTraining(result.history().size(), finalMetrics(result));
        Path staging = null;
        try {
            Files.createDirectories(dir);
            staging = Files.createTempDirectory(dir, STAGING_PREFIX);
            AtomicFiles.shareReadable(staging, true);
            AtomicFiles.write(staging.resolve("config.yaml"), new ConfigWriter().write(spec).getBytes(StandardCharsets.UTF_8));
            RunFiles.writeMetrics(staging.resolve("metrics.csv"), result.history(), metricName);
            RunFiles.writeReport(staging.resolve("report.json"), report);
            chart(staging, result.history());
            ModelFile.save(template.withNetwork(result.network()).withProvenance(provenance), staging.resolve(ModelFile.NAME));
            for (String name : FINAL_FILES) {
                Path file = staging.resolve(name);
                if (Files.exists(file)) {
                    Files.move(file, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new OutputFolderException("cannot write the model to " + dir + ": " + OutputFolderException.reason(e)
                    + "; the files there are as they were", e);
        } catch (OutputFolderException e) {
            // A file in the staging folder failed: what the user needs is the model folder's state.
            throw new OutputFolderException("cannot write the model to " + dir + ": "
                    + OutputFolderException.reason(e.getCause()) + "; the files there are as they were", e.getCause());
        } finally {
            deleteQuietly(staging);
        }
    }

    /** Deletes staging folders a killed run left in {@code modelDir}; only names {@link #finish} makes. */
    static void removeStaging(Path modelDir) throws IOException {
        try (Stream<Path> entries = Files.list(modelDir)) {
            for (Path p : entries.toList()) {
                if (STAGING.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(p);
                }
            }
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try {
            deleteTree(folder);
        } catch (IOException | UncheckedIOException ignored) {
            // The write failed already; the next run's start-up cleanup removes what is left.
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** {@code train.loss}, {@code train.accuracy} (or {@code train.rmse}), then validation and test when scored. */
    private static Map<String, Double> finalMetrics(TrainingResult result) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        put(metrics, "train", result.train());
        put(metrics, "validation", result.validation());
        put(metrics, "test", result.test());
        return metrics;
    }

    private static void put(Map<String, Double> metrics, String set, Evaluation e) {
        // JSON has no NaN: a metric that could not be computed is left out rather than written as a string.
        if (e != null && Double.isFinite(e.loss())) {
            metrics.put(set + ".loss", e.loss());
        }
        if (e != null && Double.isFinite(e.metric())) {
            metrics.put(set + "." + e.metricName(), e.metric());
        }
    }

    /** training.png: loss and the metric by epoch, train and (when measured) validation. */
    private void chart(Path folder, List<EpochMetrics> history) {
        if (history.isEmpty() || !nn.io.ChartLibrary.present()) {
            return;
        }
        // XChart's tick layout slows to seconds past a few thousand points; a thousand draw the same curve.
        int stride = (history.size() + MAX_POINTS - 1) / MAX_POINTS;
        if (stride > 1) {
            List<EpochMetrics> sampled = new java.util.ArrayList<>();
            for (int i = 0; i < history.size(); i += stride) {
                sampled.add(history.get(i));
            }
            if (sampled.get(sampled.size() - 1) != history.get(history.size() - 1)) {
                sampled.add(history.get(history.size() - 1));
            }
            history = sampled;
        }
        int n = history.size();
        double[] epochs = new double[n];
        double[] loss = new double[n];
        double[] metric = new double[n];
        double[] valLoss = new double[n];
        double[] valMetric = new double[n];
        for (int i = 0; i < n; i++) {
            EpochMetrics m = history.get(i);
            epochs[i] = m.epoch();
            loss[i] = m.loss();
            metric[i] = m.metric();
            valLoss[i] = m.valLoss();
            valMetric[i] = m.valMetric();
        }
        Map<String, double[]> losses = new LinkedHashMap<>();
        Map<String, double[]> metrics = new LinkedHashMap<>();
        losses.put("train", loss);
        metrics.put("train", metric);
        if (history.get(0).hasValidation()) {
            losses.put("validation", valLoss);
            metrics.put("validation", valMetric);
        }
        TrainingChart.write(folder.resolve("training.png"), template.name(), epochs, losses, metricName, metrics);
    }
}
