package nn.bench;

import java.util.Locale;

/**
 * One workload's figures: {@code ms} is the median wall time of one full run after warm-up,
 * samples/s and GFLOP/s (counted as 6 × parameters × samples, as the anchors count) follow from it.
 * The per-step counters (kernel launches, device-to-host reads, bytes across the bus) are averages
 * over the timed runs, 0 on the Java backend.
 */
public record BenchResult(Workload workload, String device, int threads, double samplesPerSecond, double gflops,
                          double ms, int repeats, double finalLoss, double launchesPerStep, double hostReadsPerStep,
                          double bytesPerStep) {

    /** One JSON object on one line, with the keys the README documents. */
    public String toJson() {
        return String.format(Locale.ROOT,
                "{\"workload\":\"%s\",\"device\":\"%s\",\"threads\":%d,\"samplesPerSecond\":%.1f,\"gflops\":%.3f,\"ms\":%.3f,"
                        + "\"launchesPerStep\":%.2f,\"hostReadsPerStep\":%.2f,\"bytesPerStep\":%.1f}",
                workload.id(), device, threads, samplesPerSecond, gflops, ms, launchesPerStep, hostReadsPerStep,
                bytesPerStep);
    }

    /** One human-readable line. */
    public String toText() {
        return String.format(Locale.ROOT, "%-3s %-32s %10.1f ms %,14.0f samples/s %8.2f GFLOP/s  (median of %d, loss %.4f)",
                workload.id(), workload.description(), ms, samplesPerSecond, gflops, repeats, finalLoss);
    }
}
