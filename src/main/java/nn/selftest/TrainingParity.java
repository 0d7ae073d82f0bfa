package nn.selftest;

import java.util.Map;
import nn.bench.Benchmark;
import nn.bench.Workload;
import nn.compute.Backend;
import nn.compute.parity.OpResult;
import nn.network.Network;

/**
 * A short training run on the device and on the Java backend from the same seeded start: the
 * largest parameter difference over the largest parameter magnitude must stay within
 * {@link #TOLERANCE} (the iris parity tests' bound after 100 steps).
 */
final class TrainingParity {
    /** Largest parameter difference / largest parameter magnitude allowed after the run. */
    static final double TOLERANCE = 1e-3;

    private TrainingParity() {
    }

    /** Trains {@code workload} for {@code steps} steps on both backends and compares the parameters. */
    static OpResult check(Backend device, Backend java, Workload workload, int steps) {
        Network onDevice = Benchmark.trained(device, workload, steps);
        Network onJava = Benchmark.trained(java, workload, steps);
        double maxDiff = 0;
        double maxAbs = 0;
        int worstLayer = 0;
        int count = 0;
        for (int l = 0; l < onJava.layers().size(); l++) {
            Map<String, float[]> x = onJava.layers().get(l).entry().tensors();
            Map<String, float[]> y = onDevice.layers().get(l).entry().tensors();
            for (String name : x.keySet()) {
                float[] p = x.get(name);
                float[] q = y.get(name);
                for (int i = 0; i < p.length; i++) {
                    double diff = Math.abs((double) p[i] - q[i]);
                    if (!(diff <= maxDiff)) {
                        maxDiff = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff;
                        worstLayer = l;
                    }
                    maxAbs = Math.max(maxAbs, Math.abs(p[i]));
                    count++;
                }
            }
        }
        double error = maxAbs == 0 ? maxDiff : maxDiff / maxAbs;
        boolean passed = error <= TOLERANCE;
        String name = "training " + workload.id() + " (" + steps + " steps)";
        return new OpResult(name, count, error, TOLERANCE, passed, passed ? null
                : name + ": layer " + worstLayer + " differs from the Java backend by " + maxDiff
                        + " (largest parameter " + maxAbs + ")");
    }
}
