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

    /** Warms up, then times {@code repeats} full runs of {@code workload}. */
    public BenchResult run(Workload workload, int repeats) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        }
        Network network = workload.network();
        StepLoop loop = new StepLoop(backend, network, workload.loss(), new Sgd(workload.learningRate()),
                workload.data(), workload.batch());
        loop.run(workload.warmupSteps());
        for (int w = 0; w < workload.warmupRuns(); w++) {
            loop.run(workload.stepsPerRun());
        }
        double[] ms = new double[repeats];
        DeviceCounters before = backend.counters();
        for (int r = 0; r < repeats; r++) {
            long start = nanoClock.getAsLong();
            loop.run(workload.stepsPerRun());
            ms[r] = (nanoClock.getAsLong() - start) / 1e6;
        }
        DeviceCounters perRun = backend.counters().minus(before);
        double steps = (double) repeats * workload.stepsPerRun();
        double median = median(ms);
        double samples = (double) workload.stepsPerRun() * workload.batch();
        double samplesPerSecond = samples / (median / 1e3);
        double gflops = 6.0 * network.parameterCount() * samplesPerSecond / 1e9;
        return new BenchResult(workload, device, threads, samplesPerSecond, gflops, median, repeats, loop.lastLoss(),
                perRun.launches() / steps, perRun.hostReads() / steps, perRun.bytes() / steps);
    }

    /**
     * Milliseconds per step of {@code workload} over {@code steps} steps after one untimed step (the
     * short timings of {@code nn selftest}; {@link #run} is the full measurement).
     */
    public double millisPerStep(Workload workload, int steps) {
        StepLoop loop = new StepLoop(backend, workload.network(), workload.loss(), new Sgd(workload.learningRate()),
                workload.data(), workload.batch());
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

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
