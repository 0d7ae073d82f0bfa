package nn.spark;

import java.util.SplittableRandom;
import nn.network.DropoutMasks;

/**
 * Dropout masks for one mini-batch of one partition, drawn from a stream seeded by (run seed,
 * round, partition, batch): a retried or relocated task, and a resumed driver, draw the same
 * masks, so a round stays a pure function of its inputs; partitions draw different ones.
 */
final class RoundMasks implements DropoutMasks {
    private final long seed;
    private SplittableRandom random;

    RoundMasks(long seed) {
        this.seed = seed;
        begin(0, 0, 0);
    }

    /** Starts the masks of mini-batch {@code batch} of {@code partition} in round {@code round}. */
    void begin(int round, int partition, int batch) {
        long mixed = seed ^ 0xD1B54A32D192ED03L * (round + 1L) ^ 0x9E3779B97F4A7C15L * (partition + 1L)
                ^ 0xC2B2AE3D27D4EB4FL * (batch + 1L);
        random = new SplittableRandom(mixed);
    }

    @Override
    public void fill(int layer, float rate, float[] mask, int count) {
        float kept = 1f / (1f - rate);
        for (int i = 0; i < count; i++) {
            mask[i] = random.nextDouble() < rate ? 0f : kept;
        }
    }
}
