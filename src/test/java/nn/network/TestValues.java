package nn.network;

import java.util.SplittableRandom;
import nn.compute.Backend;
import nn.compute.Tensor;

/** Random test parameters that a float can hold exactly, so the double reference and the float backend see the same values. */
final class TestValues {
    private TestValues() {
    }

    /** n values uniform in ±scale, each rounded to float. */
    static double[] uniform(SplittableRandom random, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return v;
    }

    static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /** Rows of doubles as a float tensor on {@code backend}. */
    static Tensor upload(Backend backend, double[][] rows) {
        Tensor t = backend.allocate(rows.length, rows[0].length);
        float[] flat = new float[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            for (int j = 0; j < rows[0].length; j++) {
                flat[r * rows[0].length + j] = (float) rows[r][j];
            }
        }
        backend.write(t, flat);
        return t;
    }
}
