package nn.bench;

import java.util.Arrays;
import java.util.function.LongSupplier;
import nn.compute.Backend;
import nn.network.Network;
import nn.train.Sgd;

/**
 * Runs a {@link Workload} on a backend: warm-up, then timed full runs, reporting the median. The
 * clock is injected so tests can check the arithmetic.
 */
public final class Benchmark {
    private final Backend backend;
    private final String device;
    private final int threads;
    private final LongSupplier nanoClock;

    public Benchmark(Backend backend, String device, int threads, LongSupplier nanoClock) {
        this.backend = backend;
        this.device = device;
        this.threads = threads;
        this.nanoClock = nanoClock;
    }

    /**
     * Warms up, then times {@code repeats} full runs of {@code workload}. W1 builds a fresh
     * network from its fixed weights before each run (outside the clock), so every run is the
     * anchor's whole training and ends at the same loss.
     */
    public BenchResult run(Workload workload, int repeats) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        }
        if (workload == Workload.PEAK) {
            return peak(repeats);
        }
        Network network = workload.network();
        StepLoop loop = loop(workload);
        loop.run(workload.warmupSteps());
        for (int w = 0; w < workload.warmupRuns(); w++) {
            if (workload.restartsEachRun()) {
                loop = loop(workload);
            }
            loop.run(workload.stepsPerRun());
        }
        double[] ms = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            if (workload.restartsEachRun()) {
                loop = loop(workload);
            }
            long start = nanoClock.getAsLong();
            loop.run(workload.stepsPerRun());
            ms[r] = (nanoClock.getAsLong() - start) / 1e6;
        }
        double median = median(ms);
        double samples = (double) workload.stepsPerRun() * workload.batch();
        double samplesPerSecond = samples / (median / 1e3);
        double gflops = 6.0 * network.parameterCount() * samplesPerSecond / 1e9;
        return new BenchResult(workload, device, backend.kernelName(), threads, samplesPerSecond, gflops, median,
                repeats, loop.lastLoss());
    }

    private StepLoop loop(Workload workload) {
        return new StepLoop(backend, workload.network(), workload.loss(), new Sgd(workload.learningRate()),
                workload.data(), workload.batch());
    }

    /** The median of {@code repeats} FMA-peak measurements; NaN where the backend cannot measure one. */
    private BenchResult peak(int repeats) {
        double[] gflops = new double[repeats];
        double[] ms = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long start = nanoClock.getAsLong();
            gflops[r] = backend.fmaPeakGflops();
            ms[r] = (nanoClock.getAsLong() - start) / 1e6;
        }
        return new BenchResult(Workload.PEAK, device, backend.kernelName(), threads, 0, median(gflops), median(ms),
                repeats, Double.NaN);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
