package nn.cli;

import java.io.PrintWriter;
import java.util.Locale;
import nn.train.BatchProgress;
import nn.train.EpochMetrics;
import nn.train.TrainingListener;

/**
 * What the user sees while training: a progress bar (epoch, batch, loss, metric, samples/s, ETA)
 * on a terminal, else a plain line every {@code every} epochs, or nothing when quiet; nn.train only
 * calls the listener. Public for nn-spark's command, which shows the same progress.
 */
public abstract sealed class TrainingProgress implements TrainingListener, AutoCloseable {

    /**
     * The listener for a run: nothing when {@code quiet}; one line redrawn in place when {@code terminal}; else lines
     * every {@code every} epochs (null: about ten lines per run). {@code doneSamples} counts
     * samples already trained before this process (a resumed run).
     */
    public static TrainingProgress create(boolean quiet, boolean terminal, Integer every, PrintWriter out, String metricName,
                                   int rowsPerEpoch, int epochs, long doneSamples) {
        if (quiet) {
            return new Quiet();
        }
        if (terminal) {
            return new Bar(out, metricName, rowsPerEpoch, epochs, doneSamples);
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

    /**
     * One line on the terminal, redrawn in place on the training thread (at most every 200 ms),
     * so nothing redraws after {@link #close}: that leaves the final state as one clean line. It is
     * drawn on standard output, the stream of the lines around it: on stderr, which a relaunched
     * JVM's parent relays, it could arrive after them.
     */
    static final class Bar extends TrainingProgress {
        private static final long REDRAW_NANOS = 200_000_000L;
        private static final long WIDTH_NANOS = 2_000_000_000L;
        private final PrintWriter out;
        private final String metricName;
        private final int rowsPerEpoch;
        private final long totalSamples;
        private final long doneBefore;
        private final long start = System.nanoTime();
        private String lastValidation = "";
        private BatchProgress last;
        // Long ago (not Long.MIN_VALUE: now - MIN_VALUE overflows), so the first batch draws and asks the width.
        private long lastDraw = start - 2 * WIDTH_NANOS;
        private long lastWidthCheck = start - 2 * WIDTH_NANOS;
        private boolean closed;
        private int width = TerminalWidth.FALLBACK;

        Bar(PrintWriter out, String metricName, int rowsPerEpoch, int epochs, long doneSamples) {
            this.out = out;
            this.metricName = metricName;
            this.rowsPerEpoch = rowsPerEpoch;
            this.totalSamples = (long) rowsPerEpoch * epochs;
            this.doneBefore = doneSamples;
        }

        @Override
        public boolean wantsProgress() {
            return System.nanoTime() - lastDraw >= REDRAW_NANOS;
        }

        @Override
        public void onBatch(BatchProgress p) {
            last = p;
            long now = System.nanoTime();
            if (now - lastDraw >= REDRAW_NANOS || p.batch() == p.batches() && p.epoch() == p.epochs()) {
                draw(now);
            }
        }

        @Override
        public void onEpoch(EpochMetrics m, int epochs) {
            if (m.hasValidation()) {
                lastValidation = String.format(Locale.ROOT, "val_loss %.4f", m.valLoss());
            }
        }

        private void draw(long now) {
            if (now - lastWidthCheck >= WIDTH_NANOS) {
                width = TerminalWidth.current(); // the terminal may have been resized
                lastWidthCheck = now;
            }
            long done = (long) (last.epoch() - 1) * rowsPerEpoch + last.samples();
            double seconds = Math.max(1e-9, (now - start) / 1e9);
            double rate = (done - doneBefore) / seconds;
            long eta = rate > 0 ? (long) Math.ceil((totalSamples - done) / rate) : -1;
            String line = ProgressLine.render(new ProgressLine.State(last.epoch(), last.epochs(), last.batch(),
                    last.batches(), last.loss(), metricName, last.metric(), rate, eta, lastValidation,
                    totalSamples == 0 ? 1 : (double) done / totalSamples), width);
            out.print("\r" + line + "\u001b[K"); // carriage return, the line, erase what an older, longer one left
            out.flush();
            lastDraw = now;
        }

        @Override
        public void close() {
            if (!closed && last != null) { // closed twice (explicitly, then by try-with-resources): one final line
                closed = true;
                draw(System.nanoTime());
                out.println();
                out.flush();
            }
        }
    }
}
