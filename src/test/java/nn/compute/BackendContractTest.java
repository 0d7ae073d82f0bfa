package nn.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every {@link Backend} meets, as parity cases against a double-precision reference
 * computed here from the same float inputs. A backend gets the whole suite by one subclass that
 * says how to open it ({@link #openBackend}); a subclass that cannot open its device skips with
 * the reason (a JUnit assumption in {@code openBackend}).
 *
 * <p>Tolerances, the same for every backend and every op: |actual − reference| ≤ {@link #ABS} +
 * {@link #REL}·s per element, where s is the sum of the magnitudes of the terms that make the value
 * (for a sum over rows, Σ|term|), so that float accumulation in any order passes and a wrong
 * formula does not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendContractTest {
    /** Absolute part of the per-element tolerance. */
    protected static final double ABS = 1e-6;
    /** Relative part, times the magnitude of the terms of the value. */
    protected static final double REL = 1e-5;
    /** Batch-norm's default epsilon (Keras). */
    private static final float EPSILON = 0.001f;

    private Backend backend;
    private final SplittableRandom random = new SplittableRandom(11);

    /** Opens the backend under test; skips (a failed assumption) when its device is missing. */
    protected abstract Backend openBackend();

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

    // ---- helpers -------------------------------------------------------------------------------

    private float[] values(int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return v;
    }

    private Tensor upload(int rows, int cols, float[] v) {
        Tensor t = backend.allocate(rows, cols);
        backend.write(t, v);
        return t;
    }

    private float[] read(Tensor t) {
        float[] v = new float[t.size()];
        backend.read(t, v);
        return v;
    }

    /** actual against expected within ABS + REL·scale[i], element by element, the first {@code n} only. */
    protected static void assertClose(double[] expected, double[] scale, float[] actual, int n, String what) {
        for (int i = 0; i < n; i++) {
            double allowed = ABS + REL * scale[i];
            double diff = Math.abs(expected[i] - actual[i]);
            if (!(diff <= allowed)) {
                throw new AssertionError(what + ": element " + i + " of " + n + ": reference " + expected[i]
                        + ", backend " + actual[i] + " (allowed ±" + allowed + ")");
            }
        }
    }

    private static void assertUntouched(float[] before, float[] after, int from, String what) {
        assertArrayEquals(java.util.Arrays.copyOfRange(before, from, before.length),
                java.util.Arrays.copyOfRange(after, from, after.length), what + ": rows beyond the view changed");
    }

    // ---- batch normalisation -------------------------------------------------------------------

    /** Batch sizes 1, 7 and 33 by 1, 5 and 19 features, each on a full tensor and on a view of a taller one. */
    static Stream<Arguments> batchNormShapes() {
        List<Arguments> cases = new ArrayList<>();
        for (int rows : new int[] {1, 7, 33}) {
            for (int cols : new int[] {1, 5, 19}) {
                cases.add(Arguments.of(rows, cols, false));
                cases.add(Arguments.of(rows, cols, true));
            }
        }
        return cases.stream();
    }

    /** Reference moments in double: mean, biased variance, and the magnitudes for the tolerance. */
    private static double[][] moments(float[] x, int rows, int cols) {
        double[] mean = new double[cols];
        double[] var = new double[cols];
        double[] meanScale = new double[cols];
        double[] varScale = new double[cols];
        for (int j = 0; j < cols; j++) {
            double s = 0;
            double a = 0;
            for (int r = 0; r < rows; r++) {
                s += x[r * cols + j];
                a += Math.abs(x[r * cols + j]);
            }
            mean[j] = s / rows;
            meanScale[j] = a / rows;
            double q = 0;
            double qa = 0;
            for (int r = 0; r < rows; r++) {
                double d = x[r * cols + j] - mean[j];
                q += d * d;
                // The centring error (≈ REL·meanScale) enters each squared term through 2|d|.
                qa += d * d + 2 * Math.abs(d) * meanScale[j];
            }
            var[j] = q / rows;
            varScale[j] = qa / rows;
        }
        return new double[][] {mean, var, meanScale, varScale};
    }

    @ParameterizedTest(name = "{0}x{1} view={2}")
    @MethodSource("batchNormShapes")
    void columnMomentsMatchTheDoubleReference(int rows, int cols, boolean view) {
        int capacity = view ? rows + 4 : rows;
        float[] x = values(capacity * cols, -2, 3);
        Tensor xt = upload(capacity, cols, x).withRows(rows);
        Tensor mean = upload(1, cols, values(cols, 9, 9));
        Tensor var = upload(1, cols, values(cols, 9, 9));
        backend.columnMoments(xt, mean, var);
        double[][] ref = moments(x, rows, cols);
        assertClose(ref[0], ref[2], read(mean), cols, "mean");
        assertClose(ref[1], ref[3], read(var), cols, "variance");
    }

    @ParameterizedTest(name = "{0}x{1} view={2}")
    @MethodSource("batchNormShapes")
    void batchNormForwardMatchesTheDoubleReference(int rows, int cols, boolean view) {
        int capacity = view ? rows + 4 : rows;
        float[] x = values(capacity * cols, -2, 3);
        float[] mean = values(cols, -0.5, 0.5);
        float[] var = values(cols, 0, 2);
        float[] gamma = values(cols, -1.5, 1.5);
        float[] beta = values(cols, -1, 1);
        float[] stale = values(capacity * cols, 7, 8);
        Tensor xt = upload(capacity, cols, x);
        Tensor xHat = upload(capacity, cols, stale);
        Tensor out = upload(capacity, cols, stale);
        Tensor inferenceOut = upload(capacity, cols, stale);
        Tensor m = upload(1, cols, mean);
        Tensor v = upload(1, cols, var);
        Tensor g = upload(1, cols, gamma);
        Tensor b = upload(1, cols, beta);
        backend.batchNormForward(xt.withRows(rows), m, v, g, b, EPSILON, xHat.withRows(rows), out.withRows(rows));
        backend.batchNormForward(xt.withRows(rows), m, v, g, b, EPSILON, null, inferenceOut.withRows(rows));
        double[] hRef = new double[rows * cols];
        double[] hScale = new double[rows * cols];
        double[] outRef = new double[rows * cols];
        double[] outScale = new double[rows * cols];
        for (int i = 0; i < rows * cols; i++) {
            int j = i % cols;
            double inv = 1 / Math.sqrt((double) var[j] + EPSILON);
            hRef[i] = (x[i] - (double) mean[j]) * inv;
            hScale[i] = (Math.abs(x[i]) + Math.abs(mean[j])) * inv;
            outRef[i] = gamma[j] * hRef[i] + beta[j];
            outScale[i] = Math.abs(gamma[j]) * hScale[i] + Math.abs(beta[j]);
        }
        assertClose(hRef, hScale, read(xHat), rows * cols, "xHat");
        assertClose(outRef, outScale, read(out), rows * cols, "out");
        assertClose(outRef, outScale, read(inferenceOut), rows * cols, "out without xHat");
        assertUntouched(stale, read(xHat), rows * cols, "xHat");
        assertUntouched(stale, read(out), rows * cols, "out");
    }

    @ParameterizedTest(name = "{0}x{1} view={2}")
    @MethodSource("batchNormShapes")
    void batchNormForwardMayWriteOverItsInput(int rows, int cols, boolean view) {
        int capacity = view ? rows + 4 : rows;
        float[] x = values(capacity * cols, -2, 3);
        Tensor inPlace = upload(capacity, cols, x);
        Tensor separate = backend.allocate(capacity, cols);
        Tensor xt = upload(capacity, cols, x);
        Tensor m = upload(1, cols, values(cols, -0.5, 0.5));
        Tensor v = upload(1, cols, values(cols, 0, 2));
        Tensor g = upload(1, cols, values(cols, -1.5, 1.5));
        Tensor b = upload(1, cols, values(cols, -1, 1));
        backend.batchNormForward(xt.withRows(rows), m, v, g, b, EPSILON, null, separate.withRows(rows));
        backend.batchNormForward(inPlace.withRows(rows), m, v, g, b, EPSILON, null, inPlace.withRows(rows));
        float[] expected = read(separate);
        float[] actual = read(inPlace);
        assertArrayEquals(java.util.Arrays.copyOf(expected, rows * cols), java.util.Arrays.copyOf(actual, rows * cols),
                "in place equals out of place");
        assertUntouched(x, actual, rows * cols, "in-place out");
    }

    @ParameterizedTest(name = "{0}x{1} view={2}")
    @MethodSource("batchNormShapes")
    void batchNormBackwardMatchesTheDoubleReference(int rows, int cols, boolean view) {
        int capacity = view ? rows + 4 : rows;
        float[] delta = values(capacity * cols, -1, 1);
        float[] xHat = values(capacity * cols, -2, 2);
        float[] var = values(cols, 0, 2);
        float[] gamma = values(cols, -1.5, 1.5);
        Tensor dt = upload(capacity, cols, delta);
        Tensor ht = upload(capacity, cols, xHat);
        Tensor v = upload(1, cols, var);
        Tensor g = upload(1, cols, gamma);
        Tensor gammaGrad = upload(1, cols, values(cols, 9, 9));
        Tensor betaGrad = upload(1, cols, values(cols, 9, 9));
        Tensor deltaIn = upload(capacity, cols, values(capacity * cols, 7, 8));
        float[] staleIn = read(deltaIn);
        backend.batchNormBackward(dt.withRows(rows), ht.withRows(rows), v, g, EPSILON, gammaGrad, betaGrad,
                deltaIn.withRows(rows));

        double[] dGamma = new double[cols];
        double[] dBeta = new double[cols];
        double[] dGammaScale = new double[cols];
        double[] dBetaScale = new double[cols];
        for (int i = 0; i < rows * cols; i++) {
            int j = i % cols;
            dGamma[j] += (double) delta[i] * xHat[i];
            dBeta[j] += delta[i];
            dGammaScale[j] += Math.abs((double) delta[i] * xHat[i]);
            dBetaScale[j] += Math.abs(delta[i]);
        }
        double[] inRef = new double[rows * cols];
        double[] inScale = new double[rows * cols];
        for (int i = 0; i < rows * cols; i++) {
            int j = i % cols;
            double k = gamma[j] / Math.sqrt((double) var[j] + EPSILON);
            inRef[i] = k * (delta[i] - dBeta[j] / rows - xHat[i] * dGamma[j] / rows);
            inScale[i] = Math.abs(k) * (Math.abs(delta[i]) + dBetaScale[j] / rows
                    + Math.abs(xHat[i]) * dGammaScale[j] / rows);
        }
        assertClose(dGamma, dGammaScale, read(gammaGrad), cols, "gammaGrad");
        assertClose(dBeta, dBetaScale, read(betaGrad), cols, "betaGrad");
        assertClose(inRef, inScale, read(deltaIn), rows * cols, "deltaIn");
        assertUntouched(staleIn, read(deltaIn), rows * cols, "deltaIn");

        // In place (deltaIn = delta) gives the same values; without deltaIn only the sums are written.
        backend.batchNormBackward(dt.withRows(rows), ht.withRows(rows), v, g, EPSILON, gammaGrad, betaGrad,
                dt.withRows(rows));
        assertClose(inRef, inScale, read(dt), rows * cols, "deltaIn in place");
        assertUntouched(delta, read(dt), rows * cols, "in-place deltaIn");
        Tensor d2 = upload(capacity, cols, delta);
        Tensor gg2 = upload(1, cols, values(cols, 9, 9));
        Tensor bg2 = upload(1, cols, values(cols, 9, 9));
        backend.batchNormBackward(d2.withRows(rows), ht.withRows(rows), v, g, EPSILON, gg2, bg2, null);
        assertClose(dGamma, dGammaScale, read(gg2), cols, "gammaGrad without deltaIn");
        assertClose(dBeta, dBetaScale, read(bg2), cols, "betaGrad without deltaIn");
        assertArrayEquals(delta, read(d2), "delta unchanged without deltaIn");
    }
}
