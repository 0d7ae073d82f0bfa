package nn.compute.aparapi;

import nn.compute.*;
import java.util.List;

public class Probe {
    static long t0 = System.nanoTime();
    static void p(String s) { System.out.println(s + " " + (System.nanoTime() - t0) / 1e6 + " ms"); System.out.flush(); }
    public static void main(String[] a) {
        try (AparapiBackend b = OpenClTestDevice.openForBenchmark()) {
            Tensor x = b.allocate(8, 5), w = b.allocate(5, 3), z = b.allocate(8, 3), o = b.allocate(8, 3), bias = b.allocate(1, 3);
            Tensor y = b.allocate(8, 3), d = b.allocate(8, 3), wg = b.allocate(5, 3), bg = b.allocate(1, 3);
            Tensor ys = b.allocate(20, 3), xs = b.allocate(20, 5);
            b.launchEmpty(); p("empty");
            b.gemm(x, false, w, false, z); p("gemm");
            b.gatherBatch(xs, ys, new int[]{1,2,3,4,5,6,7,8}, 0, x, y); p("gatherBatch");
            b.denseForward(x, w, bias, Activation.RELU, z, o); p("dense relu");
            b.denseForward(x, w, bias, Activation.SOFTMAX, z, o); p("dense softmax");
            RunningTotals t = b.allocateTotals(); p("totals");
            t.reset(0, 0); p("reset");
            b.lossStep(Loss.CATEGORICAL_CROSSENTROPY, Activation.SOFTMAX, z, o, y, d, null, true, t); p("lossStep");
            b.weightGradients(x, d, wg, bg); p("weightGradients");
            Tensor din = b.allocate(8, 5); b.deltaBackward(d, w, din, x, x, Activation.RELU); p("deltaBackward");
            p("skip");
            ParameterSet ps = new ParameterSet(List.of(w, bias), List.of(wg, bg), List.of(), List.of());
            b.update(ps, new UpdateRule.Plain(0.1f), new StepGuard(0f, t, 1, 1)); p("update");
            b.update(ps, new UpdateRule.Plain(0.1f), new StepGuard(1f, t, 1, 1)); p("update clip");
            System.out.println(t.read()); p("read");
            float[] xv = new float[40]; xv[3] = Float.NaN; b.write(x, xv);
            float[] yv = new float[24]; yv[0] = 1; b.write(y, yv);
            b.lossStep(Loss.CATEGORICAL_CROSSENTROPY, Activation.SOFTMAX, z, o, y, d, null, true, t);
            b.weightGradients(x, d, wg, bg);
            float[] g = new float[15]; b.read(wg, g); System.out.println(java.util.Arrays.toString(g));
            float[] dd = new float[24]; b.read(d, dd); System.out.println(java.util.Arrays.toString(dd));
            b.update(ps, new UpdateRule.Plain(0.1f), new StepGuard(0f, t, 4, 5));
            System.out.println(t.read());
            Tensor q = b.allocate(1, 4); b.write(q, new float[]{Float.NaN, 1, Float.POSITIVE_INFINITY, 2});
            System.out.println("sumsq " + b.sumOfSquares(q));
        }
    }
}
