package nn.bench;

import java.util.Locale;

/**
 * One workload's figures: {@code ms} is the median wall time of one full run after warm-up,
 * samples/s and GFLOP/s (counted as 6 × parameters × samples, as the anchors count) follow from it.
 * {@code kernel} names what ran the products ({@code vector-512}, {@code vector-256}, ...,
 * {@code scalar}); {@code finalLoss} is the mean loss of the last batch of the last run (NaN for
 * {@code peak}, whose {@code gflops} is the measured FMA peak). The per-step counters (kernel
 * launches, device-to-host reads, bytes across the bus) are averages over the timed runs, 0 on
 * the Java backend.
 */
public record BenchResult(Workload workload, String device, String kernel, int threads, double samplesPerSecond,
                          double gflops, double ms, int repeats, double finalLoss, double launchesPerStep,
                          double hostReadsPerStep, double bytesPerStep) {

    /** One JSON object on one line, with the keys the README documents; NaN becomes null. */
    public String toJson() {
        return String.format(Locale.ROOT,
                "{\"workload\":\"%s\",\"device\":\"%s\",\"kernel\":\"%s\",\"vectorBits\":%d,\"threads\":%d,"
                        + "\"samplesPerSecond\":%.1f,\"gflops\":%s,\"ms\":%.3f,\"finalLoss\":%s,"
                        + "\"launchesPerStep\":%.2f,\"hostReadsPerStep\":%.2f,\"bytesPerStep\":%.1f}",
                workload.id(), device, kernel, vectorBits(), threads, samplesPerSecond, number(gflops, "%.3f"), ms,
                number(finalLoss, "%.6f"), launchesPerStep, hostReadsPerStep, bytesPerStep);
    }

    /** Bits per vector of the product kernel, from its name; 0 for a scalar or non-Java kernel. */
    public int vectorBits() {
        if (kernel.startsWith("vector-")) {
            try {
                return Integer.parseInt(kernel.substring("vector-".length()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    private static String number(double v, String format) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "null";
    }

    /** One human-readable line. */
    public String toText() {
        if (workload == Workload.PEAK) {
            return String.format(Locale.ROOT, "%-4s %-40s %8.2f GFLOP/s  (%s, median of %d)",
                    workload.id(), workload.description(), gflops, kernel, repeats);
        }
        return String.format(Locale.ROOT,
                "%-4s %-40s %10.1f ms %,14.0f samples/s %8.2f GFLOP/s  (%s, median of %d, final loss %.4f)",
                workload.id(), workload.description(), ms, samplesPerSecond, gflops, kernel, repeats, finalLoss);
    }
}
