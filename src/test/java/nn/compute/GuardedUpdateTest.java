package nn.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import nn.compute.java.JavaBackend;
import org.junit.jupiter.api.Test;

/**
 * The default guarded update: clipping by the global norm over several tensors (scaled when above,
 * untouched when below) before the rule, and a non-finite loss recorded with its step and skipped.
 */
class GuardedUpdateTest {

    @Test
    void clipsAllGradientsByTheGlobalNormBeforeTheUpdate() {
        try (JavaBackend backend = new JavaBackend(1)) {
            Tensor g1 = backend.allocate(1, 2);
            Tensor g2 = backend.allocate(1, 1);
            backend.write(g1, new float[] {3, 0});
            backend.write(g2, new float[] {4});
            Tensor v1 = backend.allocate(1, 2);
            Tensor v2 = backend.allocate(1, 1);
            ParameterSet set = new ParameterSet(List.of(v1, v2), List.of(g1, g2), List.of(), List.of());
            RunningTotals totals = backend.allocateTotals();
            backend.update(set, new UpdateRule.Plain(1f), new StepGuard(1f, totals, 1, 1));
            assertArrayEquals(new float[] {0.6f, 0}, read(backend, g1), 1e-7f, "clipped in place");
            assertArrayEquals(new float[] {0.8f}, read(backend, g2), 1e-7f);
            assertArrayEquals(new float[] {-0.6f, 0}, read(backend, v1), 1e-7f, "θ − η·clipped g");
            // Now the norm is 1: a limit of 2 leaves it as it is.
            backend.update(set, new UpdateRule.Plain(1f), new StepGuard(2f, totals, 1, 2));
            assertArrayEquals(new float[] {0.6f, 0}, read(backend, g1), 1e-7f);
            assertNull(totals.read().nonFinite());
        }
    }

    @Test
    void aNonFiniteBatchLossIsRecordedAndNothingChanges() {
        try (JavaBackend backend = new JavaBackend(1)) {
            Tensor g = backend.allocate(1, 2);
            Tensor v = backend.allocate(1, 2);
            backend.write(g, new float[] {1, 2});
            ParameterSet set = new ParameterSet(List.of(v), List.of(g), List.of(), List.of());
            RunningTotals totals = backend.allocateTotals();
            totals.addBatch(Double.NaN, 0, 2);
            backend.update(set, new UpdateRule.Plain(1f), new StepGuard(0f, totals, 5, 6));
            totals.addBatch(1, 0, 2);
            backend.update(set, new UpdateRule.Plain(1f), new StepGuard(0f, totals, 5, 7));
            assertArrayEquals(new float[] {0, 0}, read(backend, v), "no update at or after the bad step");
            Totals.NonFiniteStep bad = totals.read().nonFinite();
            assertEquals(5, bad.epoch());
            assertEquals(6, bad.batch());
        }
    }

    private static float[] read(Backend backend, Tensor t) {
        float[] v = new float[t.size()];
        backend.read(t, v);
        return v;
    }
}
