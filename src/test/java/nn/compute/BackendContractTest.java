package nn.compute;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import nn.compute.parity.ParityCase;
import nn.compute.parity.ParityLog;
import nn.compute.parity.ParitySuite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract every {@link Backend} meets: each case of {@link ParitySuite} (every op of the
 * interface on odd sizes and views, against a double reference, tolerances in
 * {@link nn.compute.parity.ParityTolerance}) as one test. {@code nn selftest} runs the same cases.
 * A backend gets the whole suite by one subclass that says how to open it ({@link #openBackend});
 * a subclass whose device is missing skips with the reason (a JUnit assumption in
 * {@code openBackend}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendContractTest {
    private Backend backend;

    /** Opens the backend under test; skips (a failed assumption) when its device is missing. */
    protected abstract Backend openBackend();

    /** The cases this backend runs: the whole suite unless a subclass narrows it. */
    protected List<ParityCase> cases() {
        return ParitySuite.cases();
    }

    @BeforeAll
    final void openTheBackend() {
        backend = openBackend();
    }

    @AfterAll
    final void closeTheBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    /** The backend under test, for subclasses' own cases. */
    protected final Backend backend() {
        return backend;
    }

    @TestFactory
    Stream<DynamicTest> parityCases() {
        List<ParityCase> cases = cases();
        return IntStream.range(0, cases.size()).mapToObj(i -> DynamicTest.dynamicTest(cases.get(i).name(), () -> {
            ParityLog log = new ParityLog();
            ParitySuite.run(cases.get(i), backend, 11 + i, log);
            String failure = log.firstFailure();
            if (failure != null) {
                throw new AssertionError(backend.name() + ": " + failure);
            }
        }));
    }
}
