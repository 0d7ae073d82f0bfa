package nn.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Seeded hold-out splits of a {@link Dataset}. */
public final class Splits {
    private Splits() {
    }

    /** The two parts of a split, rows in their original order within each. */
    public record Split(Dataset train, Dataset heldOut) {
    }

    /**
     * Holds out round(fraction × count) rows of each class (classification) or of all rows
     * (regression), drawn with {@code seed}. Every class keeps at least one training row.
     */
    public static Split stratified(Dataset data, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1), got " + fraction);
        }
        Map<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int r = 0; r < data.rows(); r++) {
            byClass.computeIfAbsent(classOf(data, r), k -> new ArrayList<>()).add(r);
        }
        SplittableRandom random = new SplittableRandom(seed);
        boolean[] held = new boolean[data.rows()];
        for (List<Integer> members : byClass.values()) {
            for (int i = members.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                Integer tmp = members.get(i);
                members.set(i, members.get(j));
                members.set(j, tmp);
            }
            int count = (int) Math.min(Math.round(members.size() * fraction), members.size() - 1L);
            for (int i = 0; i < count; i++) {
                held[members.get(i)] = true;
            }
        }
        return new Split(select(data, held, false), select(data, held, true));
    }

    private static int classOf(Dataset data, int row) {
        if (!data.isClassification()) {
            return 0;
        }
        int k = data.targets();
        if (k == 1) {
            return Math.round(data.y()[row]);
        }
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (data.y()[row * k + j] > data.y()[row * k + best]) {
                best = j;
            }
        }
        return best;
    }

    private static Dataset select(Dataset data, boolean[] held, boolean wanted) {
        int rows = 0;
        for (boolean h : held) {
            rows += h == wanted ? 1 : 0;
        }
        int f = data.features();
        int t = data.targets();
        float[] x = new float[rows * f];
        float[] y = new float[rows * t];
        int out = 0;
        for (int r = 0; r < data.rows(); r++) {
            if (held[r] == wanted) {
                System.arraycopy(data.x(), r * f, x, out * f, f);
                System.arraycopy(data.y(), r * t, y, out * t, t);
                out++;
            }
        }
        return new Dataset(data.featureNames(), data.classNames(), rows, f, t, x, y);
    }
}
