package nn.selftest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import nn.bench.Benchmark;
import nn.bench.Workload;
import nn.compute.Backend;
import nn.compute.parity.OpResult;
import nn.compute.parity.ParitySuite;

/**
 * Proves a device: the whole backend parity suite (the cases the contract tests run), short
 * training runs against the Java backend, then short timings of the three workloads. The clock is
 * injected so that tests do not depend on speed.
 */
public final class SelfTest {
    /** Training parity: W1 (xor, sigmoid + BCE) for many small steps, W2 (softmax + CE) for a few big ones. */
    private static final int W1_PARITY_STEPS = 200;
    private static final int W2_PARITY_STEPS = 5;
    /** Timed steps per workload: enough for a stable figure, short enough for about a minute on PoCL. */
    private static final int W1_TIMED_STEPS = 500;
    private static final int W2_TIMED_STEPS = 10;
    private static final int W3_TIMED_STEPS = 1;

    private final Backend device;
    private final Backend java;
    private final LongSupplier nanoClock;

    /**
     * @param device the backend under test (left open)
     * @param java the Java backend the training runs compare against (left open)
     * @param nanoClock the clock of the timings
     */
    public SelfTest(Backend device, Backend java, LongSupplier nanoClock) {
        this.device = device;
        this.java = java;
        this.nanoClock = nanoClock;
    }

    /**
     * Runs the checks, then times {@code timed} (none when empty); {@code deviceIdentity} heads the
     * report.
     */
    public SelfTestReport run(String deviceIdentity, Set<Workload> timed) {
        long start = nanoClock.getAsLong();
        List<OpResult> checks = new ArrayList<>(ParitySuite.runAll(ParitySuite.cases(), device).results());
        checks.add(TrainingParity.check(device, java, Workload.W1, W1_PARITY_STEPS));
        checks.add(TrainingParity.check(device, java, Workload.W2, W2_PARITY_STEPS));
        double checkSeconds = (nanoClock.getAsLong() - start) / 1e9;
        List<StepTiming> measured = new ArrayList<>();
        Benchmark benchmark = new Benchmark(device, device.name(), 0, nanoClock);
        for (Workload w : new Workload[] {Workload.W1, Workload.W2, Workload.W3}) {
            if (timed.contains(w)) {
                int steps = w == Workload.W1 ? W1_TIMED_STEPS : w == Workload.W2 ? W2_TIMED_STEPS : W3_TIMED_STEPS;
                measured.add(new StepTiming(w.id(), steps, w.batch(), benchmark.millisPerStep(w, steps)));
            }
        }
        return new SelfTestReport(deviceIdentity, checks, checkSeconds, measured);
    }
}
