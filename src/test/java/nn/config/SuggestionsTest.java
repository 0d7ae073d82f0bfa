package nn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import nn.spec.Suggestions;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    @Test
    void typosFindTheirKeyAndStrangersFindNothing() {
        List<String> keys = List.of("units", "activation", "bias");
        assertEquals(Optional.of("activation"), Suggestions.closest("activaton", keys));
        assertEquals(Optional.of("activation"), Suggestions.closest("acitvation", keys), "a swap of neighbours");
        assertEquals(Optional.of("units"), Suggestions.closest("Units", keys));
        assertEquals(Optional.empty(), Suggestions.closest("dropout", keys));
    }

    @Test
    void keyPathsSplitAndClimb() {
        assertEquals("network.layers", KeyPaths.parent("network.layers[1]"));
        assertEquals("network", KeyPaths.parent("network.layers"));
        assertEquals("layers", KeyPaths.lastKey("network.layers[1]"));
        assertEquals(List.of(new KeyPaths.Step("a", -1), new KeyPaths.Step(null, 2), new KeyPaths.Step("b", -1)),
                KeyPaths.parse("a[2].b"));
    }
}
