package nn.compute.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The tally behind the contract tests and selftest: where the tolerance edge lies, and what a failure says. */
class ParityLogTest {

    @Test
    void aValueJustInsideTheTolerancePassesAndJustOutsideFails() {
        ParityLog log = new ParityLog();
        double allowed = ParityTolerance.ABS + ParityTolerance.REL * 2.0;
        log.close("gemm", 2.0, 2.0 + allowed * 0.99, 2.0, ParityTolerance.REL, "inside");
        assertNull(log.firstFailure());
        OpResult inside = log.results().get(0);
        assertTrue(inside.passed());
        assertTrue(inside.worstError() <= ParityTolerance.REL && inside.worstError() > 0.9 * ParityTolerance.REL,
                "worst error " + inside.worstError());
        log.close("gemm", 2.0, 2.0 + allowed * 1.01, 2.0, ParityTolerance.REL, "outside");
        log.close("scale", 1.0, 1.0, 1.0, ParityTolerance.REL, "fine");
        List<OpResult> results = log.results();
        assertEquals(List.of("gemm", "scale"), results.stream().map(OpResult::op).toList());
        assertFalse(results.get(0).passed());
        assertTrue(results.get(0).firstFailure().startsWith("outside: reference 2.0"), results.get(0).firstFailure());
        assertTrue(results.get(1).passed());
        assertEquals(2, results.get(0).checks());
    }

    @Test
    void exactChecksCompareBitsAndNaNOnBothSidesAgrees() {
        ParityLog log = new ParityLog();
        log.close("outputDelta", Double.NaN, Double.NaN, 0, ParityTolerance.REL, "nan");
        log.exact("scale", 0f, 0f, "zero");
        assertNull(log.firstFailure());
        log.exact("scale", -0f, 0f, "signed zero");
        assertTrue(log.firstFailure().startsWith("signed zero"), log.firstFailure());
        log.close("gemm", 1.0, Double.NaN, 1.0, ParityTolerance.REL, "nan on one side");
        assertFalse(log.results().get(2).passed());
    }
}
