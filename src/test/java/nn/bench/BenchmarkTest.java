package nn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import nn.compute.java.JavaBackend;
import org.junit.jupiter.api.Test;

/** The figures follow from the median run time; W1 really trains. */
class BenchmarkTest {

    @Test
    void w1FiguresFollowFromTheMedianOfTheTimedRuns() {
        // Each reading of the clock advances it; run r takes (r + 1) × 10 ms: 10, 20, 30 → median 20.
        AtomicLong now = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        try (JavaBackend backend = new JavaBackend(1)) {
            BenchResult result = new Benchmark(backend, "java", 1, () -> {
                long call = calls.getAndIncrement();
                return now.addAndGet(call % 2 == 0 ? 0 : (call / 2 + 1) * 10_000_000L);
            }).run(Workload.W1, 3);
            assertEquals(20.0, result.ms(), 1e-9);
            assertEquals(4 * 10_000 / 0.020, result.samplesPerSecond(), 1e-6);
            assertEquals(6.0 * 13 * result.samplesPerSecond() / 1e9, result.gflops(), 1e-12);
            // Every timed run restarts from the anchor's fixed weights, so each ends where NumPy's does.
            assertEquals(0.0016, result.finalLoss(), 0.00005, "final BCE of W1");
            assertEquals(backend.kernel(), result.kernel());
        }
    }

    @Test
    void peakIsMeasuredWithTheKernelsWidth() {
        try (JavaBackend backend = new JavaBackend(1)) {
            BenchResult peak = new Benchmark(backend, "java", 1, System::nanoTime).run(Workload.PEAK, 1);
            if (backend.vectorBits() == 0) {
                assertTrue(Double.isNaN(peak.gflops()), "the scalar kernel has no peak measurement");
            } else {
                assertTrue(peak.gflops() > 0 && Double.isFinite(peak.gflops()), "peak " + peak.gflops());
                assertEquals(backend.vectorBits(), peak.vectorBits());
            }
            assertTrue(peak.toJson().contains("\"workload\":\"peak\""), peak.toJson());
            assertTrue(peak.toJson().contains("\"finalLoss\":null"), peak.toJson());
        }
    }

    @Test
    void jsonHasTheDocumentedKeys() {
        BenchResult r = new BenchResult(Workload.W2, "java", "vector-512", 2, 1234.5, 1.5, 99.25, 3, 2.3, 26, 2.5, 1548);
        assertEquals("{\"workload\":\"w2\",\"device\":\"java\",\"kernel\":\"vector-512\",\"vectorBits\":512,"
                + "\"threads\":2,\"samplesPerSecond\":1234.5,\"gflops\":1.500,\"ms\":99.250,\"finalLoss\":2.300000,"
                + "\"launchesPerStep\":26.00,\"hostReadsPerStep\":2.50,\"bytesPerStep\":1548.0}", r.toJson());
        assertEquals(0, new BenchResult(Workload.W2, "java", "scalar", 2, 1, 1, 1, 1, 1, 0, 0, 0).vectorBits());
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertEquals(2.0, Benchmark.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Benchmark.median(new double[] {4, 1, 3, 2}));
    }
}
