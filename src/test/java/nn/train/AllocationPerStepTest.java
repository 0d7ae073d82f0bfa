package nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.List;
import nn.compute.Activation;
import nn.compute.Loss;
import nn.compute.java.JavaBackend;
import nn.data.Dataset;
import nn.network.LayerShape;
import nn.network.Network;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After warm-up a training step allocates (almost) nothing on the calling thread: buffers live on
 * the backend, the worker pool hands off without lambdas or futures.
 */
class AllocationPerStepTest {
    static final long BYTES_PER_STEP = 1024;
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** 0 for the default kernel, then every vector width this CPU has. */
    static Stream<Integer> widths() {
        return Stream.concat(Stream.of(0), JavaBackend.vectorWidths().stream());
    }

    /**
     * Each width in a JVM of its own, as a run has: on JDK 17 the JIT's code for a second vector
     * width in one JVM allocates vector objects (a JDK limitation that a process with one width,
     * every nn run, never meets), and the other tests of this JVM have loaded all of them.
     *
     * <p>Up to three JVMs: JDK 17's C2 sometimes compiles the Vector API kernels (the ReLU loops,
     * a tile) into code that boxes vectors, about 40 KB per step here, and stays so (JFR allocation
     * samples; seen in about one Maven run in ten, more under load). That is a JIT-timing state of
     * one process, not something the step does, so one allocation-free JVM in three passes; a step
     * that allocates does so in every JVM and still fails.
     */
    @ParameterizedTest(name = "vector bits {0} (0: the default)")
    @MethodSource("widths")
    void aStepOfAMultiThreadedSoftmaxNetworkAllocatesUnderOneKilobyte(int bits) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                AllocationProbe.class.getName(), Integer.toString(bits));
        StringBuilder failures = new StringBuilder();
        for (int attempt = 1; attempt <= 3; attempt++) {
            Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(probe.waitFor(120, TimeUnit.SECONDS), "the probe did not finish");
            assertEquals(0, probe.exitValue(), out);
            String line = out.lines().filter(l -> l.startsWith("bytes per step ")).findFirst().orElseThrow(
                    () -> new AssertionError("no result from the probe: " + out));
            double perStep = Double.parseDouble(line.substring("bytes per step ".length()).trim());
            if (perStep <= BYTES_PER_STEP) {
                return;
            }
            failures.append("JVM ").append(attempt).append(": allocated ").append(perStep).append(" bytes per step: ")
                    .append(out).append('\n');
        }
        throw new AssertionError("every JVM allocated in the step:\n" + failures);
    }

    @Test
    void aTrainerEpochOnXorAllocatesUnderOneKilobytePerStep() {
        Dataset xor = new Dataset(List.of("a", "b"), List.of("0", "1"), 4, 2, 1,
                new float[] {0, 0, 0, 1, 1, 0, 1, 1}, new float[] {0, 1, 1, 0});
        Network network = Network.initialize(2, List.of(new LayerShape(3, Activation.RELU, true),
                new LayerShape(1, Activation.SIGMOID, true)), 3);
        try (JavaBackend backend = new JavaBackend(2)) {
            Trainer shortRun = new Trainer(new TrainingOptions(Loss.BINARY_CROSSENTROPY, new Sgd(0.1f), 2_000, 4, true, 1));
            Trainer longRun = new Trainer(new TrainingOptions(Loss.BINARY_CROSSENTROPY, new Sgd(0.1f), 22_000, 4, true, 1));
            for (int warm = 0; warm < 3; warm++) {
                longRun.fit(network, xor, null, backend, TrainingListener.silent());
            }
            long shortBytes = allocatedBy(() -> shortRun.fit(network, xor, null, backend, TrainingListener.silent()));
            long longBytes = allocatedBy(() -> longRun.fit(network, xor, null, backend, TrainingListener.silent()));
            // The difference is 20,000 steps (one per epoch); it includes the per-epoch metrics record and history.
            double perStep = (longBytes - shortBytes) / 20_000.0;
            assertTrue(perStep <= BYTES_PER_STEP, "allocated " + perStep + " bytes per step");
        }
    }

    private long allocatedBy(Runnable work) {
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        work.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
