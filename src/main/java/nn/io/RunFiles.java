package nn.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import nn.train.EpochMetrics;
import nn.train.Evaluation;
import nn.train.TrainingResult;

/** The run's other outputs beside the model: {@code metrics.csv} and {@code report.json}. */
public final class RunFiles {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private RunFiles() {
    }

    /**
     * One row per epoch: {@code epoch,loss,accuracy} (or {@code rmse} for regression), then
     * {@code val_loss,val_accuracy} (or {@code val_rmse}) when the run had validation data.
     */
    public static void writeMetrics(Path file, List<EpochMetrics> history, String metricName) {
        boolean validation = !history.isEmpty() && history.get(0).hasValidation();
        StringBuilder csv = new StringBuilder("epoch,loss,").append(metricName);
        if (validation) {
            csv.append(",val_loss,val_").append(metricName);
        }
        csv.append('\n');
        for (EpochMetrics m : history) {
            csv.append(m.epoch()).append(',').append(number(m.loss())).append(',').append(number(m.metric()));
            if (validation) {
                csv.append(',').append(number(m.valLoss())).append(',').append(number(m.valMetric()));
            }
            csv.append('\n');
        }
        AtomicFiles.write(file, csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The report as a JSON tree, for {@code report.json} and {@code --json}. Each evaluation has
     * rows, loss and accuracy (macro precision, recall, f1 and the confusion matrix, rows = true
     * class, columns = predicted, in the model's class order) or rmse (with mse, mae, r2).
     */
    public static ObjectNode report(String name, String device, TrainingResult result, long parameters) {
        ObjectNode report = JSON.createObjectNode();
        report.put("name", name);
        report.put("device", device);
        report.put("epochs", result.history().size());
        report.put("bestEpoch", result.bestEpoch());
        report.put("stoppedEarly", result.stoppedEarly());
        report.put("parameters", parameters);
        report.put("seconds", result.seconds());
        report.put("samplesPerSecond", result.samplesPerSecond());
        if (Double.isFinite(result.steadySamplesPerSecond())) {
            // after the first epoch, the JIT's: what nn bench's samples/s compares with
            report.put("steadySamplesPerSecond", result.steadySamplesPerSecond());
        }
        report.set("train", evaluation(result.train()));
        if (result.validation() != null) {
            report.set("validation", evaluation(result.validation()));
        }
        if (result.test() != null) {
            report.set("test", evaluation(result.test()));
        }
        return report;
    }

    public static void writeReport(Path file, ObjectNode report) {
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the report", e);
        }
    }

    private static ObjectNode evaluation(Evaluation e) {
        ObjectNode node = JSON.createObjectNode();
        node.put("rows", e.rows());
        node.put("loss", e.loss());
        node.put(e.metricName(), e.metric());
        if (e.confusion() != null) {
            var c = e.confusion();
            node.put("precision", c.macroPrecision());
            node.put("recall", c.macroRecall());
            node.put("f1", c.macroF1());
            node.set("confusionMatrix", JSON.valueToTree(c.counts()));
        }
        if (e.regression() != null) {
            var r = e.regression();
            node.put("mse", r.mse());
            node.put("mae", r.mae());
            if (Double.isFinite(r.r2())) {
                node.put("r2", r.r2());
            }
        }
        return node;
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }
}
