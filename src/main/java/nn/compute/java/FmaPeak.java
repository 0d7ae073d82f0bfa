package nn.compute.java;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The FMA peak of this CPU in Java: every thread of the pool runs twelve independent chains of
 * fused multiply-adds on registers (enough to cover an FMA's latency on two ports), with the
 * given vector width, so {@code bench} can state each workload as a fraction of what the cores
 * can do at all. One loop per width, because the JIT only emits vector instructions for a species
 * it sees as a constant.
 */
final class FmaPeak implements WorkerPool.RangeTask {
    private static final int CHAINS = 12;
    private static final VectorSpecies<Float> S128 = FloatVector.SPECIES_128;
    private static final VectorSpecies<Float> S256 = FloatVector.SPECIES_256;
    private static final VectorSpecies<Float> S512 = FloatVector.SPECIES_512;

    private final WorkerPool pool;
    private final int bits;
    private final float[] sink;
    private int iterations;

    FmaPeak(WorkerPool pool, int bits) {
        this.pool = pool;
        this.bits = bits;
        this.sink = new float[pool.threads()];
    }

    /** GFLOP/s on all threads: the best of {@code rounds} timed rounds of {@code iterations} per thread. */
    double measure(int iterationsPerThread, int rounds) {
        this.iterations = iterationsPerThread;
        pool.forRange(pool.threads(), true, this); // warm-up: compile the loop
        long best = Long.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            pool.forRange(pool.threads(), true, this);
            best = Math.min(best, System.nanoTime() - start);
        }
        double flops = 2.0 * CHAINS * (bits / 32) * iterationsPerThread * pool.threads();
        return flops / best;
    }

    @Override
    public void run(int from, int to, int worker) {
        for (int t = from; t < to; t++) {
            float v = switch (bits) {
                case 128 -> loop128(iterations);
                case 256 -> loop256(iterations);
                default -> loop512(iterations);
            };
            sink[worker] += v; // keeps the chains observable, so the JIT cannot drop them
        }
    }

    // loop128, loop256 and loop512 are the same chain of 12 independent FMAs on purpose: each reads
    // its species from a static final constant, which the Vector API needs to emit vector
    // instructions; one loop taking the species as an argument would measure the slow path.
    private static float loop128(int iterations) {
        VectorSpecies<Float> s = S128;
        FloatVector x = FloatVector.broadcast(s, 0.999999f);
        FloatVector y = FloatVector.broadcast(s, 1e-7f);
        FloatVector c0 = FloatVector.broadcast(s, 0);
        FloatVector c1 = FloatVector.broadcast(s, 1);
        FloatVector c2 = FloatVector.broadcast(s, 2);
        FloatVector c3 = FloatVector.broadcast(s, 3);
        FloatVector c4 = FloatVector.broadcast(s, 4);
        FloatVector c5 = FloatVector.broadcast(s, 5);
        FloatVector c6 = FloatVector.broadcast(s, 6);
        FloatVector c7 = FloatVector.broadcast(s, 7);
        FloatVector c8 = FloatVector.broadcast(s, 8);
        FloatVector c9 = FloatVector.broadcast(s, 9);
        FloatVector c10 = FloatVector.broadcast(s, 10);
        FloatVector c11 = FloatVector.broadcast(s, 11);
        for (int i = 0; i < iterations; i++) {
            c0 = c0.fma(x, y);
            c1 = c1.fma(x, y);
            c2 = c2.fma(x, y);
            c3 = c3.fma(x, y);
            c4 = c4.fma(x, y);
            c5 = c5.fma(x, y);
            c6 = c6.fma(x, y);
            c7 = c7.fma(x, y);
            c8 = c8.fma(x, y);
            c9 = c9.fma(x, y);
            c10 = c10.fma(x, y);
            c11 = c11.fma(x, y);
        }
        FloatVector sum = c0.add(c1).add(c2).add(c3).add(c4).add(c5);
        sum = sum.add(c6).add(c7).add(c8).add(c9).add(c10).add(c11);
        return sum.reduceLanes(VectorOperators.ADD);
    }

    private static float loop256(int iterations) {
        VectorSpecies<Float> s = S256;
        FloatVector x = FloatVector.broadcast(s, 0.999999f);
        FloatVector y = FloatVector.broadcast(s, 1e-7f);
        FloatVector c0 = FloatVector.broadcast(s, 0);
        FloatVector c1 = FloatVector.broadcast(s, 1);
        FloatVector c2 = FloatVector.broadcast(s, 2);
        FloatVector c3 = FloatVector.broadcast(s, 3);
        FloatVector c4 = FloatVector.broadcast(s, 4);
        FloatVector c5 = FloatVector.broadcast(s, 5);
        FloatVector c6 = FloatVector.broadcast(s, 6);
        FloatVector c7 = FloatVector.broadcast(s, 7);
        FloatVector c8 = FloatVector.broadcast(s, 8);
        FloatVector c9 = FloatVector.broadcast(s, 9);
        FloatVector c10 = FloatVector.broadcast(s, 10);
        FloatVector c11 = FloatVector.broadcast(s, 11);
        for (int i = 0; i < iterations; i++) {
            c0 = c0.fma(x, y);
            c1 = c1.fma(x, y);
            c2 = c2.fma(x, y);
            c3 = c3.fma(x, y);
            c4 = c4.fma(x, y);
            c5 = c5.fma(x, y);
            c6 = c6.fma(x, y);
            c7 = c7.fma(x, y);
            c8 = c8.fma(x, y);
            c9 = c9.fma(x, y);
            c10 = c10.fma(x, y);
            c11 = c11.fma(x, y);
        }
        FloatVector sum = c0.add(c1).add(c2).add(c3).add(c4).add(c5);
        sum = sum.add(c6).add(c7).add(c8).add(c9).add(c10).add(c11);
        return sum.reduceLanes(VectorOperators.ADD);
    }

    private static float loop512(int iterations) {
        VectorSpecies<Float> s = S512;
        FloatVector x = FloatVector.broadcast(s, 0.999999f);
        FloatVector y = FloatVector.broadcast(s, 1e-7f);
        FloatVector c0 = FloatVector.broadcast(s, 0);
        FloatVector c1 = FloatVector.broadcast(s, 1);
        FloatVector c2 = FloatVector.broadcast(s, 2);
        FloatVector c3 = FloatVector.broadcast(s, 3);
        FloatVector c4 = FloatVector.broadcast(s, 4);
        FloatVector c5 = FloatVector.broadcast(s, 5);
        FloatVector c6 = FloatVector.broadcast(s, 6);
        FloatVector c7 = FloatVector.broadcast(s, 7);
        FloatVector c8 = FloatVector.broadcast(s, 8);
        FloatVector c9 = FloatVector.broadcast(s, 9);
        FloatVector c10 = FloatVector.broadcast(s, 10);
        FloatVector c11 = FloatVector.broadcast(s, 11);
        for (int i = 0; i < iterations; i++) {
            c0 = c0.fma(x, y);
            c1 = c1.fma(x, y);
            c2 = c2.fma(x, y);
            c3 = c3.fma(x, y);
            c4 = c4.fma(x, y);
            c5 = c5.fma(x, y);
            c6 = c6.fma(x, y);
            c7 = c7.fma(x, y);
            c8 = c8.fma(x, y);
            c9 = c9.fma(x, y);
            c10 = c10.fma(x, y);
            c11 = c11.fma(x, y);
        }
        FloatVector sum = c0.add(c1).add(c2).add(c3).add(c4).add(c5);
        sum = sum.add(c6).add(c7).add(c8).add(c9).add(c10).add(c11);
        return sum.reduceLanes(VectorOperators.ADD);
    }
}
