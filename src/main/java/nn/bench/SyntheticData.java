package nn.bench;

import java.util.SplittableRandom;

/** Random features in [0, 1) and one-hot (or given) targets, flat row-major, from a fixed seed. */
record SyntheticData(int rows, int features, int targets, float[] x, float[] y) {

    /** Uniform features and uniformly drawn classes, one-hot over {@code classes}. */
    static SyntheticData classification(int rows, int features, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        float[] y = new float[rows * classes];
        for (int r = 0; r < rows; r++) {
            y[r * classes + random.nextInt(classes)] = 1f;
        }
        return new SyntheticData(rows, features, classes, x, y);
    }
}
