package nn.train;

import java.util.SplittableRandom;
import nn.network.DropoutMasks;

/**
 * Masks of 0 (with probability rate) or 1/(1 − rate), drawn in order from one seeded
 * generator. The draws are counted so that a resumed run can skip as many.
 */
final class SeededMasks implements DropoutMasks {
    private final SplittableRandom random;
    private long draws;

    SeededMasks(SplittableRandom random) {
        this.random = random;
    }

    @Override
    public void fill(int layer, float rate, float[] mask, int count) {
        float kept = 1f / (1f - rate);
        for (int i = 0; i < count; i++) {
            mask[i] = random.nextDouble() < rate ? 0f : kept;
        }
        draws += count;
    }

    /** Numbers drawn so far, as a checkpoint records them. */
    long draws() {
        return draws;
    }

    void skip(long count) {
        for (long i = 0; i < count; i++) {
            random.nextDouble();
        }
        draws += count;
    }
}
