package nn.cli;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import nn.train.BatchProgress;
import nn.train.EpochMetrics;
import nn.train.TrainingListener;

/**
 * What the user sees while training: a progress bar (epoch, batch, loss, metric, samples/s, ETA)
 * on a terminal, else a plain line every {@code every} epochs, or nothing when quiet. The bar is
 * the only use of the progress-bar library; nn.train only calls the listener.
 */
abstract sealed class TrainingProgress implements TrainingListener, AutoCloseable {

    /**
     * The listener for a run: nothing when {@code quiet}; a bar when {@code terminal}; else lines
     * every {@code every} epochs (null: about ten lines per run). {@code doneSamples} counts
     * samples already trained before this process (a resumed run).
     */
    static TrainingProgress create(boolean quiet, boolean terminal, Integer every, PrintWriter out, String metricName,
                                   int rowsPerEpoch, int epochs, long doneSamples) {
        if (quiet) {
            return new Quiet();
        }
        if (terminal) {
            return new Bar(metricName, rowsPerEpoch, epochs, doneSamples);
        }
        return new Lines(out, metricName, every);
    }

    @Override
    public void close() {
    }

    /** Prints nothing. */
    static final class Quiet extends TrainingProgress {
        @Override
        public void onEpoch(EpochMetrics metrics, int epochs) {
        }
    }

    /** One line per {@code every} epochs, plus the first and the last. */
    static final class Lines extends TrainingProgress {
        private final PrintWriter out;
        private final String metricName;
        private final Integer every;

        Lines(PrintWriter out, String metricName, Integer every) {
            this.out = out;
            this.metricName = metricName;
            this.every = every;
        }

        @Override
        public void onEpoch(EpochMetrics m, int epochs) {
            int interval = every != null ? every : Math.max(1, epochs / 10);
            if (m.epoch() == 1 || m.epoch() % interval == 0 || m.epoch() == epochs) {
                int width = String.valueOf(epochs).length();
                out.printf(Locale.ROOT, "epoch %" + width + "d/%d  loss %.4f  %s %.4f", m.epoch(), epochs, m.loss(),
                        metricName, m.metric());
                if (m.hasValidation()) {
                    out.printf(Locale.ROOT, "  val_loss %.4f  val_%s %.4f", m.valLoss(), metricName, m.valMetric());
                }
                out.println();
                out.flush();
            }
        }
    }

    /** A bar over every sample of the run, so its rate is samples/s and its ETA covers all epochs. */
    static final class Bar extends TrainingProgress {
        private final ProgressBar bar;
        private final String metricName;
        private final int rowsPerEpoch;
        private String lastValidation = "";

        Bar(String metricName, int rowsPerEpoch, int epochs, long doneSamples) {
            this.metricName = metricName;
            this.rowsPerEpoch = rowsPerEpoch;
            this.bar = new ProgressBarBuilder().setTaskName("train").setInitialMax((long) rowsPerEpoch * epochs)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" samples", 1).showSpeed()
                    .startsFrom(doneSamples, java.time.Duration.ZERO).build();
        }

        @Override
        public void onBatch(BatchProgress p) {
            bar.stepTo((long) (p.epoch() - 1) * rowsPerEpoch + p.samples());
            bar.setExtraMessage(String.format(Locale.ROOT, "epoch %d/%d batch %d/%d loss %.4f %s %.4f%s", p.epoch(),
                    p.epochs(), p.batch(), p.batches(), p.loss(), metricName, p.metric(), lastValidation));
        }

        @Override
        public void onEpoch(EpochMetrics m, int epochs) {
            if (m.hasValidation()) {
                lastValidation = String.format(Locale.ROOT, " val_loss %.4f", m.valLoss());
            }
        }

        @Override
        public void close() {
            bar.close();
        }
    }
}
