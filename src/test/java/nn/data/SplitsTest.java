package nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Stratified, seeded hold-out: per-class counts, no row lost or duplicated, same seed same split. */
class SplitsTest {

    /** 12 rows of class 0 and 8 of class 1 (single sigmoid target); x holds the row number. */
    private static Dataset data() {
        float[] x = new float[20];
        float[] y = new float[20];
        for (int r = 0; r < 20; r++) {
            x[r] = r;
            y[r] = r < 12 ? 0 : 1;
        }
        return new Dataset(List.of("id"), List.of("a", "b"), 20, 1, 1, x, y);
    }

    @Test
    void holdsOutTheFractionOfEachClass() {
        Splits.Split split = Splits.stratified(data(), 0.25, 7);
        assertEquals(15, split.train().rows());
        assertEquals(5, split.heldOut().rows());
        int heldOnes = 0;
        for (float v : split.heldOut().y()) {
            heldOnes += (int) v;
        }
        assertEquals(2, heldOnes, "round(8 × 0.25) rows of class 1");
        boolean[] seen = new boolean[20];
        for (Dataset part : List.of(split.train(), split.heldOut())) {
            for (float id : part.x()) {
                assertEquals(false, seen[(int) id], "row " + id + " twice");
                seen[(int) id] = true;
            }
        }
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        assertArrayEquals(Splits.stratified(data(), 0.25, 7).heldOut().x(), Splits.stratified(data(), 0.25, 7).heldOut().x());
        boolean differs = false;
        for (long seed = 8; seed < 12 && !differs; seed++) {
            differs = !java.util.Arrays.equals(Splits.stratified(data(), 0.25, 7).heldOut().x(),
                    Splits.stratified(data(), 0.25, seed).heldOut().x());
        }
        assertEquals(true, differs);
    }
}
