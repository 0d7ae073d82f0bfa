package nn.compute.parity;

import java.util.Arrays;
import java.util.List;
import nn.compute.Backend;
import nn.compute.Tensor;

/**
 * Parity cases of the batch-norm ops against formulas in double written out here: batch sizes 1,
 * 7 and 33 by 1, 5 and 19 features, each on a full tensor and on a view of a taller one.
 */
final class BatchNormParity {
    /** Batch-norm's default epsilon (Keras). */
    private static final float EPSILON = 0.001f;

    private BatchNormParity() {
    }

    static void cases(List<ParityCase> cases) {
        for (int rows : new int[] {1, 7, 33}) {
            for (int cols : new int[] {1, 5, 19}) {
                for (boolean view : new boolean[] {false, true}) {
                    String shape = rows + "x" + cols + (view ? " view" : "");
                    cases.add(new ParityCase("columnMoments " + shape, b -> moments(b, rows, cols, view)));
                    cases.add(new ParityCase("batchNormForward " + shape, b -> forward(b, rows, cols, view)));
                    cases.add(new ParityCase("batchNormForward in place " + shape, b -> inPlace(b, rows, cols, view)));
                    cases.add(new ParityCase("batchNormBackward " + shape, b -> backward(b, rows, cols, view)));
                }
            }
        }
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

    private static void moments(ParityBench bench, int rows, int cols, boolean view) {
        int capacity = view ? rows + 4 : rows;
        float[] x = bench.values(capacity * cols, -2, 3);
        Tensor xt = bench.upload(capacity, cols, x).withRows(rows);
        Tensor mean = bench.upload(1, cols, bench.values(cols, 9, 9));
        Tensor var = bench.upload(1, cols, bench.values(cols, 9, 9));
        bench.backend().columnMoments(xt, mean, var);
        double[][] ref = moments(x, rows, cols);
        bench.close("columnMoments", ref[0], ref[2], bench.read(mean), cols, "mean");
        bench.close("columnMoments", ref[1], ref[3], bench.read(var), cols, "variance");
    }

    private static void forward(ParityBench bench, int rows, int cols, boolean view) {
        int capacity = view ? rows + 4 : rows;
        float[] x = bench.values(capacity * cols, -2, 3);
        float[] mean = bench.values(cols, -0.5, 0.5);
        float[] var = bench.values(cols, 0, 2);
        float[] gamma = bench.values(cols, -1.5, 1.5);
        float[] beta = bench.values(cols, -1, 1);
        float[] stale = bench.values(capacity * cols, 7, 8);
        Tensor xt = bench.upload(capacity, cols, x);
        Tensor xHat = bench.upload(capacity, cols, stale);
        Tensor out = bench.upload(capacity, cols, stale);
        Tensor inferenceOut = bench.upload(capacity, cols, stale);
        Tensor m = bench.upload(1, cols, mean);
        Tensor v = bench.upload(1, cols, var);
        Tensor g = bench.upload(1, cols, gamma);
        Tensor b = bench.upload(1, cols, beta);
        Backend backend = bench.backend();
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
        String op = "batchNormForward";
        bench.close(op, hRef, hScale, bench.read(xHat), rows * cols, "xHat");
        bench.close(op, outRef, outScale, bench.read(out), rows * cols, "out");
        bench.close(op, outRef, outScale, bench.read(inferenceOut), rows * cols, "out without xHat");
        bench.untouched(op, stale, bench.read(xHat), rows * cols, "xHat");
        bench.untouched(op, stale, bench.read(out), rows * cols, "out");
    }

    private static void inPlace(ParityBench bench, int rows, int cols, boolean view) {
        int capacity = view ? rows + 4 : rows;
        float[] x = bench.values(capacity * cols, -2, 3);
        Tensor inPlace = bench.upload(capacity, cols, x);
        Tensor separate = bench.backend().allocate(capacity, cols);
        Tensor xt = bench.upload(capacity, cols, x);
        Tensor m = bench.upload(1, cols, bench.values(cols, -0.5, 0.5));
        Tensor v = bench.upload(1, cols, bench.values(cols, 0, 2));
        Tensor g = bench.upload(1, cols, bench.values(cols, -1.5, 1.5));
        Tensor b = bench.upload(1, cols, bench.values(cols, -1, 1));
        bench.backend().batchNormForward(xt.withRows(rows), m, v, g, b, EPSILON, null, separate.withRows(rows));
        bench.backend().batchNormForward(inPlace.withRows(rows), m, v, g, b, EPSILON, null, inPlace.withRows(rows));
        float[] actual = bench.read(inPlace);
        bench.exact("batchNormForward", bench.read(separate), actual, 0, rows * cols, "in place equals out of place");
        bench.untouched("batchNormForward", x, actual, rows * cols, "in-place out");
    }

    private static void backward(ParityBench bench, int rows, int cols, boolean view) {
        int capacity = view ? rows + 4 : rows;
        float[] delta = bench.values(capacity * cols, -1, 1);
        float[] xHat = bench.values(capacity * cols, -2, 2);
        float[] var = bench.values(cols, 0, 2);
        float[] gamma = bench.values(cols, -1.5, 1.5);
        Tensor dt = bench.upload(capacity, cols, delta);
        Tensor ht = bench.upload(capacity, cols, xHat);
        Tensor v = bench.upload(1, cols, var);
        Tensor g = bench.upload(1, cols, gamma);
        Tensor gammaGrad = bench.upload(1, cols, bench.values(cols, 9, 9));
        Tensor betaGrad = bench.upload(1, cols, bench.values(cols, 9, 9));
        Tensor deltaIn = bench.upload(capacity, cols, bench.values(capacity * cols, 7, 8));
        float[] staleIn = bench.read(deltaIn);
        Backend backend = bench.backend();
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
        String op = "batchNormBackward";
        bench.close(op, dGamma, dGammaScale, bench.read(gammaGrad), cols, "gammaGrad");
        bench.close(op, dBeta, dBetaScale, bench.read(betaGrad), cols, "betaGrad");
        bench.close(op, inRef, inScale, bench.read(deltaIn), rows * cols, "deltaIn");
        bench.untouched(op, staleIn, bench.read(deltaIn), rows * cols, "deltaIn");

        // In place (deltaIn = delta) gives the same values; without deltaIn only the sums are written.
        backend.batchNormBackward(dt.withRows(rows), ht.withRows(rows), v, g, EPSILON, gammaGrad, betaGrad,
                dt.withRows(rows));
        bench.close(op, inRef, inScale, bench.read(dt), rows * cols, "deltaIn in place");
        bench.untouched(op, delta, bench.read(dt), rows * cols, "in-place deltaIn");
        Tensor d2 = bench.upload(capacity, cols, delta);
        Tensor gg2 = bench.upload(1, cols, bench.values(cols, 9, 9));
        Tensor bg2 = bench.upload(1, cols, bench.values(cols, 9, 9));
        backend.batchNormBackward(d2.withRows(rows), ht.withRows(rows), v, g, EPSILON, gg2, bg2, null);
        bench.close(op, dGamma, dGammaScale, bench.read(gg2), cols, "gammaGrad without deltaIn");
        bench.close(op, dBeta, dBetaScale, bench.read(bg2), cols, "betaGrad without deltaIn");
        bench.exact(op, delta, bench.read(d2), "delta unchanged without deltaIn");
    }
}
