package nn.compute.aparapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import nn.compute.Activation;
import nn.compute.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Host writes and reads around launches, and allocations after the first launch (which grow the
 * arena): each value must survive, so a missing put or get fails here.
 */
class ArenaGrowthTest {

    @Test
    void valuesSurviveWritesReadsAndGrowthAfterLaunches() {
        try (AparapiBackend backend = OpenClTestDevice.open()) {
            Tensor a = backend.allocate(3, 5);
            float[] values = new float[15];
            for (int i = 0; i < values.length; i++) {
                values[i] = i - 7.5f;
            }
            backend.write(a, values);
            Tensor out = backend.allocate(3, 5);
            backend.biasActivation(a, null, Activation.RELU, out);
            float[] read = new float[15];
            backend.read(out, read);
            for (int i = 0; i < values.length; i++) {
                assertEquals(Math.max(values[i], 0f), read[i], "relu element " + i);
            }
            // Growing the arena after launches must keep what the device computed.
            Tensor big = backend.allocate(1000, 300);
            backend.read(out, read);
            assertEquals(Math.max(values[14], 0f), read[14]);
            float[] ones = new float[300_000];
            java.util.Arrays.fill(ones, 1f);
            backend.write(big, ones);
            Tensor sums = backend.allocate(1, 300);
            backend.columnSums(big, sums);
            float[] s = new float[300];
            backend.read(sums, s);
            float[] expected = new float[300];
            java.util.Arrays.fill(expected, 1000f);
            assertArrayEquals(expected, s);
            // A write after launches goes through staging to the device.
            float[] twos = new float[15];
            java.util.Arrays.fill(twos, 2f);
            backend.write(a, twos);
            backend.biasActivation(a, null, Activation.LINEAR, out);
            backend.read(out, read);
            assertArrayEquals(twos, read);
        }
    }
}
