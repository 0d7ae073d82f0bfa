package nn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The distributed median and mean: merged partition tallies against the exact values. */
class ColumnTallyTest {
    @Test
    void theMedianIsWithinTheStatedRankErrorAndTheMeanIsExactToRounding() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 60_001;
        double[] values = new double[n];
        ColumnTally[] parts = {new ColumnTally(false), new ColumnTally(false), new ColumnTally(false)};
        for (int i = 0; i < n; i++) {
            values[i] = Math.exp(random.nextGaussian()); // skewed: the median is far from the mean
            parts[i * 3 / n].add(Double.toString(values[i]), false, i, 1000);
        }
        ColumnTally all = parts[0].merge(parts[1]).merge(parts[2]);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = all.median();
        int rank = Arrays.binarySearch(sorted, median);
        assertTrue(rank >= 0, "the median is one of the values");
        int bound = (int) Math.ceil(ColumnTally.RELATIVE_ERROR * n);
        assertTrue(Math.abs(rank - n / 2) <= bound, "rank " + rank + " of " + n + ", bound ±" + bound);
        assertEquals(Arrays.stream(values).sum() / n, all.mean(), 1e-12);
    }

    @Test
    void aSmallColumnGetsTheExactMedianOfAnEvenCount() {
        ColumnTally a = new ColumnTally(false);
        ColumnTally b = new ColumnTally(false);
        for (String v : new String[] {"7", "1", "4"}) {
            a.add(v, false, 0, 1000);
        }
        for (String v : new String[] {"10", "2", "8", "NA"}) {
            b.add(v, v.equals("NA"), 1, 1000);
        }
        ColumnTally all = a.merge(b);
        assertEquals(5.5, all.median()); // 1 2 4 7 8 10 (NA is missing): the mean of 4 and 7
        assertEquals(1, all.missing);
    }
}
