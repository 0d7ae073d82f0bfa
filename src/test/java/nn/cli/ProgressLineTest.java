package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The progress line drops whole fields from the right (lowest priority first) to fit the width. */
class ProgressLineTest {
    private static final ProgressLine.State STATE = new ProgressLine.State(12, 300, 3, 8, 0.12345, "accuracy", 0.95,
            12345.6, 83, "val_loss 0.2000", 0.04);

    @Test
    void fieldsGoInOrderOfPriorityAndOnlyWhole() {
        assertEquals("epoch 12/300  batch 3/8  loss 0.1235", ProgressLine.render(STATE, 45));
        assertEquals("epoch 12/300  batch 3/8  loss 0.1235  accuracy 0.9500  12,346 samples/s  ETA 1:23",
                ProgressLine.render(STATE, 90));
        String wide = ProgressLine.render(STATE, 160);
        assertTrue(wide.startsWith("epoch 12/300  batch 3/8  loss 0.1235  accuracy 0.9500  12,346 samples/s  ETA 1:23"
                + "  val_loss 0.2000  ["), wide);
        assertEquals(159, wide.length());
        assertEquals("epoch", ProgressLine.render(STATE, 6));
    }
}
