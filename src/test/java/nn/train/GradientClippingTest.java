package nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import nn.compute.Tensor;
import nn.compute.java.JavaBackend;
import nn.network.Parameter;
import org.junit.jupiter.api.Test;

/** Clipping by global norm over several tensors: scaled when above, untouched when below. */
class GradientClippingTest {

    @Test
    void scalesAllGradientsByTheGlobalNorm() {
        try (JavaBackend backend = new JavaBackend(1)) {
            Tensor g1 = backend.allocate(1, 2);
            Tensor g2 = backend.allocate(1, 1);
            backend.write(g1, new float[] {3, 0});
            backend.write(g2, new float[] {4});
            List<Parameter> params = List.of(new Parameter("a", backend.allocate(1, 2), g1),
                    new Parameter("b", backend.allocate(1, 1), g2));
            assertEquals(5.0, new GradientClipping(1f).apply(backend, params), 0);
            float[] a = new float[2];
            float[] b = new float[1];
            backend.read(g1, a);
            backend.read(g2, b);
            assertArrayEquals(new float[] {0.6f, 0}, a, 1e-7f);
            assertArrayEquals(new float[] {0.8f}, b, 1e-7f);
            // Now the norm is 1: a limit of 2 leaves it as it is.
            assertEquals(1.0, new GradientClipping(2f).apply(backend, params), 1e-6);
            backend.read(g1, a);
            assertArrayEquals(new float[] {0.6f, 0}, a, 1e-7f);
        }
    }
}
