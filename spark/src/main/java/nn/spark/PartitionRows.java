package nn.spark;

import java.util.SplittableRandom;

/**
 * Which training rows a partition owns and in which order it visits them each epoch: contiguous
 * slices of the training set, shuffled per partition and epoch from the run's seed. Pure
 * functions, so the driver, every task attempt and the tests agree.
 */
public final class PartitionRows {
    private PartitionRows() {
    }

    /** The first row of partition {@code p} of {@code partitions} over {@code rows} rows. */
    public static int start(int p, int partitions, int rows) {
        return (int) ((long) p * rows / partitions);
    }

    /** How many rows partition {@code p} owns. */
    public static int count(int p, int partitions, int rows) {
        return start(p + 1, partitions, rows) - start(p, partitions, rows);
    }

    /** Mini-batches per epoch: enough for the largest partition; smaller ones sit the last one out. */
    public static int batchesPerEpoch(int partitions, int rows, int batch) {
        int largest = (rows + partitions - 1) / partitions;
        return Math.max(1, (largest + batch - 1) / batch);
    }

    /** The partition's local row order in {@code epoch} (indices into its own slice). */
    public static int[] order(int p, int count, int epoch, long seed, boolean shuffle) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        if (shuffle) {
            // One stream per (seed, epoch, partition): a retried task or a resumed driver redraws the same order.
            SplittableRandom random = new SplittableRandom(seed ^ (epoch * 0x9E3779B97F4A7C15L) ^ (p * 0xC2B2AE3D27D4EB4FL));
            for (int i = count - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
        }
        return order;
    }
}
