package nn.bench;

import java.util.Arrays;
import java.util.function.LongSupplier;
import nn.compute.Backend;
import nn.compute.DeviceCounters;
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
        // Counted around the steps only: a restarted W1 allocates and uploads outside them.
        DeviceCounters counted = DeviceCounters.NONE;
        for (int r = 0; r < repeats; r++) {
            if (workload.restartsEachRun()) {
                loop = loop(workload);
            }
            DeviceCounters before = backend.counters();
            long start = nanoClock.getAsLong();
            loop.run(workload.stepsPerRun());
            ms[r] = (nanoClock.getAsLong() - start) / 1e6;
            counted = counted.plus(backend.counters().minus(before));
        }
        DeviceCounters perRun = counted;
        double steps = (double) repeats * workload.stepsPerRun();
        double median = median(ms);
        double samples = (double) workload.stepsPerRun() * workload.batch();
        double samplesPerSecond = samples / (median / 1e3);
        double gflops = 6.0 * network.parameterCount() * samplesPerSecond / 1e9;
        return new BenchResult(workload, device, backend.kernelName(), threads, samplesPerSecond, gflops, median,
                repeats, loop.lastLoss(), perRun.launches() / steps, perRun.hostReads() / steps, perRun.bytes() / steps);
    }

    /**
     * Milliseconds per step of {@code workload} over {@code steps} steps after one untimed step (the
     * short timings of {@code nn selftest}; {@link #run} is the full measurement).
     */
    public double millisPerStep(Workload workload, int steps) {
        StepLoop loop = loop(workload);
        loop.run(1);
        long start = nanoClock.getAsLong();
        loop.run(steps);
        return (nanoClock.getAsLong() - start) / 1e6 / steps;
    }

    /**
     * The network of {@code workload} after {@code steps} SGD steps from its seeded start on
     * {@code backend}: the same run on two backends ends with weights that differ only by rounding.
     */
    public static Network trained(Backend backend, Workload workload, int steps) {
        StepLoop loop = new StepLoop(backend, workload.network(), workload.loss(), new Sgd(workload.learningRate()),
                workload.data(), workload.batch());
        loop.run(steps);
        return loop.download();
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
                repeats, Double.NaN, 0, 0, 0);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
