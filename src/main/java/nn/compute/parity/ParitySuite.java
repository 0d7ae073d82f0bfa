package nn.compute.parity;

import java.util.ArrayList;
import java.util.List;
import nn.compute.Backend;

/**
 * The parity suite of the backend contract: every op of {@link Backend}, on sizes that are not
 * multiples of any work-group or vector width and on row views, against {@link ReferenceBackend}
 * (naive loops in double, rounded to float per op) or, for batch norm, against formulas in double,
 * within {@link ParityTolerance}. The contract tests run each case as a JUnit test and
 * {@code nn selftest} runs them all on a chosen device: the same code.
 */
public final class ParitySuite {
    private ParitySuite() {
    }

    /** Every case, in a fixed order. */
    public static List<ParityCase> cases() {
        List<ParityCase> cases = new ArrayList<>();
        DenseParity.gemmCases(cases);
        DenseParity.activationCases(cases);
        DenseParity.lossCases(cases);
        ElementwiseParity.cases(cases);
        BatchNormParity.cases(cases);
        EmbeddingParity.cases(cases);
        StepParity.cases(cases);
        return cases;
    }

    /** The GEMM cases only (every transpose form on odd sizes), for a second GEMM kernel. */
    public static List<ParityCase> gemmCases() {
        List<ParityCase> cases = new ArrayList<>();
        DenseParity.gemmCases(cases);
        return cases;
    }

    /** Runs one case on {@code backend} into {@code log}; its values come from {@code seed}. */
    public static void run(ParityCase c, Backend backend, long seed, ParityLog log) {
        c.body().accept(new ParityBench(backend, seed, log, c.name()));
    }

    /** Runs every case of {@code cases} (case i seeded with 11 + i) and returns the tally. */
    public static ParityLog runAll(List<ParityCase> cases, Backend backend) {
        ParityLog log = new ParityLog();
        for (int i = 0; i < cases.size(); i++) {
            run(cases.get(i), backend, 11 + i, log);
        }
        return log;
    }
}
