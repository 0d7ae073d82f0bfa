package nn.compute.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Ranges cover the loop exactly once, failures reach the caller, and the pool stays usable. */
class WorkerPoolTest {

    @Test
    void everyIndexRunsExactlyOnceWhateverTheThreadCount() {
        for (int threads = 1; threads <= 4; threads++) {
            try (WorkerPool pool = new WorkerPool(threads)) {
                for (int n : new int[] {0, 1, 2, 3, 7, 1000}) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(n);
                    for (int round = 0; round < 50; round++) {
                        pool.forRange(n, true, (from, to, worker) -> {
                            for (int i = from; i < to; i++) {
                                hits.incrementAndGet(i);
                            }
                        });
                    }
                    for (int i = 0; i < n; i++) {
                        assertEquals(50, hits.get(i), "index " + i + " of " + n + " with " + threads + " threads");
                    }
                }
            }
        }
    }

    @Test
    void aFailureInAnyChunkReachesTheCallerAndThePoolGoesOn() {
        try (WorkerPool pool = new WorkerPool(3)) {
            for (int failing = 0; failing < 3; failing++) {
                int bad = failing * 10;
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.forRange(30, true,
                        (from, to, worker) -> {
                            if (from <= bad && bad < to) {
                                throw new IllegalStateException("chunk with " + bad);
                            }
                        }));
                assertEquals("chunk with " + bad, e.getMessage());
            }
            AtomicIntegerArray hits = new AtomicIntegerArray(30);
            pool.forRange(30, true, (from, to, worker) -> {
                for (int i = from; i < to; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < 30; i++) {
                assertEquals(1, hits.get(i));
            }
        }
    }
}
