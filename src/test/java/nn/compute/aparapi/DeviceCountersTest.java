package nn.compute.aparapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nn.compute.DeviceCounters;
import nn.compute.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The counters behind {@code bench --json}'s launchesPerStep, hostReadsPerStep and bytesPerStep,
 * op by op on OpenCL (PoCL in CI): a product is one launch and moves nothing; a read is a launch,
 * one host read and the staging array; a gather with new indices puts them, with the same ones
 * puts nothing; a loss comes back as one host read of the per-row results.
 */
class DeviceCountersTest {

    @Test
    void eachOpCountsItsLaunchesReadsAndBytes() {
        try (AparapiBackend backend = OpenClTestDevice.open()) {
            Tensor a = backend.allocate(8, 4);
            Tensor b = backend.allocate(4, 3);
            Tensor c = backend.allocate(8, 3);
            backend.write(a, new float[32]);
            backend.gemm(a, false, b, false, c); // the first launch puts the arena
            DeviceCounters start = backend.counters();

            backend.gemm(a, false, b, false, c);
            assertEquals(new DeviceCounters(1, 0, 0), backend.counters().minus(start), "one product");

            DeviceCounters beforeRead = backend.counters();
            backend.read(c, new float[24]);
            DeviceCounters read = backend.counters().minus(beforeRead);
            assertEquals(1, read.launches());
            assertEquals(1, read.hostReads());
            assertEquals((long) backend.kernel().staging.length * Float.BYTES, read.bytes());
            assertTrue(read.bytes() >= 25 * Float.BYTES, "the tensor and the canary: " + read.bytes());

            Tensor all = backend.allocate(10, 4);
            Tensor batch = backend.allocate(3, 4);
            backend.gemm(a, false, b, false, c); // the allocation grew the arena: the next launch puts it
            DeviceCounters beforeGather = backend.counters();
            int[] order = {9, 2, 5};
            backend.gatherRows(all, order, 0, batch);
            DeviceCounters gather = backend.counters().minus(beforeGather);
            assertEquals(new DeviceCounters(1, 0, (long) backend.kernel().rowIndex.length * Integer.BYTES), gather);
            DeviceCounters beforeSame = backend.counters();
            backend.gatherRows(all, order, 0, batch);
            assertEquals(new DeviceCounters(1, 0, 0), backend.counters().minus(beforeSame), "the same indices again");

            DeviceCounters beforeCount = backend.counters();
            backend.countCorrect(batch, batch);
            DeviceCounters count = backend.counters().minus(beforeCount);
            assertEquals(new DeviceCounters(1, 1, (long) backend.kernel().rowResult.length * Float.BYTES), count);
        }
    }
}
