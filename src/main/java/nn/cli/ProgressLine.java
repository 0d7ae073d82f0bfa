package nn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The terminal's one progress line: fields in order of priority (epoch, batch, loss, metric,
 * samples/s, ETA, then validation loss and a bar), as many as fit in {@code width - 1} columns (the
 * last column would make some terminals wrap), whole fields only, two spaces apart.
 */
final class ProgressLine {
    private ProgressLine() {
    }

    /** What the line shows; {@code etaSeconds} below 0 when not known yet. */
    record State(int epoch, int epochs, int batch, int batches, double loss, String metricName, double metric,
                 double samplesPerSecond, long etaSeconds, String validation, double fraction) {
    }

    static String render(State s, int width) {
        List<String> fields = new ArrayList<>();
        fields.add("epoch " + s.epoch() + "/" + s.epochs());
        fields.add("batch " + s.batch() + "/" + s.batches());
        fields.add(String.format(Locale.ROOT, "loss %.4f", s.loss()));
        fields.add(String.format(Locale.ROOT, "%s %.4f", s.metricName(), s.metric()));
        fields.add(String.format(Locale.ROOT, "%,.0f samples/s", s.samplesPerSecond()));
        fields.add("ETA " + (s.etaSeconds() < 0 ? "-" : clock(s.etaSeconds())));
        if (!s.validation().isEmpty()) {
            fields.add(s.validation());
        }
        int room = Math.max(1, width - 1);
        StringBuilder line = new StringBuilder();
        for (String field : fields) {
            int needed = (line.length() == 0 ? 0 : 2) + field.length();
            if (line.length() + needed > room) {
                break;
            }
            line.append(line.length() == 0 ? "" : "  ").append(field);
        }
        if (line.length() == 0) {
            return fields.get(0).substring(0, Math.min(fields.get(0).length(), room));
        }
        int barWidth = room - line.length() - 4; // "  [" + "]"
        if (barWidth >= 10 && line.length() == joinedLength(fields)) {
            int filled = (int) Math.round(Math.min(1, Math.max(0, s.fraction())) * barWidth);
            line.append("  [").append("#".repeat(filled)).append(" ".repeat(barWidth - filled)).append(']');
        }
        return line.toString();
    }

    private static int joinedLength(List<String> fields) {
        return fields.stream().mapToInt(String::length).sum() + 2 * (fields.size() - 1);
    }

    private static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long sec = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}
