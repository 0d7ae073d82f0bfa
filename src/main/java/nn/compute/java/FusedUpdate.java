package nn.compute.java;

import java.util.List;
import nn.compute.ParameterSet;
import nn.compute.RunningTotals;
import nn.compute.StepGuard;
import nn.compute.Tensor;
import nn.compute.UpdateRule;

/**
 * The guarded optimizer step over every parameter in two parallel regions instead of two per
 * tensor: one sums the gradients' squares (the finiteness check and the clipping norm), one clips
 * and applies the rule. A W2 step has six parameters, so this saves ten hand-offs, and it splits
 * the work by elements across all tensors, so a small bias no longer runs alone on the caller
 * while the workers spin.
 *
 * <p>Bit for bit what the default {@code StepOps.update} computes with this backend's single ops:
 * the norm adds the same {@link ElementOps#CHUNK}-element chunks in the same order (per tensor,
 * then tensor by tensor), and each element is clipped and updated by the same loops
 * ({@link ElementOps#scaleLoop}, {@link RowOps#sgdLoop}, ...), which are independent per element.
 * Without clipping, the norm is only checked for finiteness, by a cheaper sum that is finite
 * exactly when it is ({@link ElementOps#chunkFinite}). One update at a time; the arrays of a set are derived once (a set never changes, see
 * {@link ParameterSet}), so a step allocates nothing.
 */
final class FusedUpdate implements WorkerPool.RangeTask {
    private final WorkerPool pool;
    private ParameterSet bound;
    private float[][] values;
    private float[][] grads;
    private float[][] first;
    private float[][] second;
    /** Element offset of each tensor in their concatenation (one more entry: the total). */
    private int[] offsets;
    /** First norm chunk of each tensor (one more entry: the chunk count). */
    private int[] chunkStarts;
    private double[] partial;

    // The region in flight.
    private boolean normPhase;
    /** Whether the norm phase only checks finiteness (no clipping asked): see {@link ElementOps#chunkFinite}. */
    private boolean finitenessOnly;
    private UpdateRule rule;
    private float clipFactor;
    private boolean clip;

    FusedUpdate(WorkerPool pool) {
        this.pool = pool;
    }

    void update(ParameterSet params, UpdateRule rule, StepGuard guard) {
        bind(params);
        clip = false;
        if (guard != null) {
            RunningTotals totals = guard.totals();
            if (totals.nonFiniteRecorded()) {
                return;
            }
            // The default computes the norm first; it has no side effect, so a non-finite loss may skip it.
            if (!totals.batchFinite()) {
                totals.recordNonFinite(guard.epoch(), guard.batch());
                return;
            }
            finitenessOnly = !(guard.clipNorm() > 0);
            double norm = Math.sqrt(sumOfSquares());
            if (!Double.isFinite(norm)) {
                totals.recordNonFinite(guard.epoch(), guard.batch());
                return;
            }
            if (guard.clipNorm() > 0 && norm > guard.clipNorm()) {
                clip = true;
                clipFactor = (float) (guard.clipNorm() / norm);
            }
        }
        this.rule = rule;
        normPhase = false;
        int total = offsets[values.length];
        pool.forRange(total, total >= ElementOps.PARALLEL_ELEMENTS, this);
        this.rule = null;
    }

    /**
     * Σg² over every gradient: each tensor's chunks summed in order, then the tensors in order;
     * when only finiteness is asked, 0 or NaN instead, with the same finite-or-not answer.
     */
    private double sumOfSquares() {
        normPhase = true;
        int chunks = chunkStarts[grads.length];
        pool.forRange(chunks, offsets[grads.length] >= ElementOps.PARALLEL_ELEMENTS, this);
        double sum = 0;
        for (int t = 0; t < grads.length; t++) {
            double own = 0;
            for (int c = chunkStarts[t]; c < chunkStarts[t + 1]; c++) {
                own += partial[c];
            }
            sum += own;
        }
        return sum;
    }

    private void bind(ParameterSet params) {
        if (params == bound) {
            return;
        }
        int count = params.values().size();
        values = arrays(params.values());
        grads = arrays(params.gradients());
        first = params.first().isEmpty() ? null : arrays(params.first());
        second = params.second().isEmpty() ? null : arrays(params.second());
        offsets = new int[count + 1];
        chunkStarts = new int[count + 1];
        for (int t = 0; t < count; t++) {
            int size = params.values().get(t).size();
            offsets[t + 1] = Math.addExact(offsets[t], size);
            chunkStarts[t + 1] = chunkStarts[t] + (size + ElementOps.CHUNK - 1) / ElementOps.CHUNK;
        }
        partial = new double[chunkStarts[count]];
        bound = params;
    }

    private static float[][] arrays(List<Tensor> tensors) {
        float[][] result = new float[tensors.size()][];
        for (int t = 0; t < result.length; t++) {
            result[t] = JavaBackend.data(tensors.get(t));
        }
        return result;
    }

    /** Norm chunks [from, to), or elements [from, to) of the concatenated parameters. */
    @Override
    public void run(int from, int to, int worker) {
        if (normPhase) {
            normChunks(from, to);
            return;
        }
        for (int t = 0; t < values.length; t++) {
            int start = Math.max(from, offsets[t]);
            int end = Math.min(to, offsets[t + 1]);
            if (start < end) {
                apply(t, start - offsets[t], end - offsets[t]);
            }
        }
    }

    private void normChunks(int from, int to) {
        for (int t = 0; t < grads.length; t++) {
            int size = offsets[t + 1] - offsets[t];
            for (int c = Math.max(from, chunkStarts[t]); c < Math.min(to, chunkStarts[t + 1]); c++) {
                int start = (c - chunkStarts[t]) * ElementOps.CHUNK;
                int end = Math.min(size, start + ElementOps.CHUNK);
                partial[c] = finitenessOnly ? ElementOps.chunkFinite(grads[t], start, end)
                        : ElementOps.chunkSquares(grads[t], start, end);
            }
        }
    }

    /** Elements [from, to) of tensor t: clipped, then the rule, as the single ops do one after the other. */
    private void apply(int t, int from, int to) {
        float[] g = grads[t];
        if (clip) {
            ElementOps.scaleLoop(g, clipFactor, from, to);
        }
        if (rule instanceof UpdateRule.Plain p) {
            RowOps.sgdLoop(values[t], g, p.learningRate(), from, to);
        } else if (rule instanceof UpdateRule.Momentum m) {
            ElementOps.momentumLoop(values[t], g, first[t], m.learningRate(), m.momentum(), m.nesterov(), from, to);
        } else if (rule instanceof UpdateRule.Adam a) {
            ElementOps.adamLoop(values[t], g, first[t], second[t], a.stepSize(), a.beta1(), a.beta2(), a.epsilon(),
                    a.decay(), from, to);
        }
    }
}
