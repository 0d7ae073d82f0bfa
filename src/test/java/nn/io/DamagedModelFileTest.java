package nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import nn.compute.Activation;
import nn.data.Normalizer;
import nn.data.Scaling;
import nn.network.DenseLayer;
import nn.network.LayerShape;
import nn.network.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files whose parts parse but do not fit together. Each of these used to load and then fail
 * inside predict with an index error (found by {@link ModelFileFuzzTest}); now loading refuses them.
 */
class DamagedModelFileTest {
    @TempDir
    Path dir;

    private Path saved() throws IOException {
        Network net = Network.initialize(2, List.of(new LayerShape(3, Activation.RELU, true),
                new LayerShape(3, Activation.SOFTMAX, true)), 1);
        SavedModel model = new SavedModel("m", net, List.of("a", "b"), List.of("x", "y", "z"),
                new Normalizer(Scaling.STANDARD, new float[] {1, 2}, new float[] {0.5f, 0.25f}),
                null, new SavedModel.Provenance(1, "java", "test", "now"));
        Path file = dir.resolve("model.json");
        // Format 1: its JSON text can be damaged in exact places; format 2 shares the same checks after its checksums.
        V1ModelFiles.save(model, file);
        return file;
    }

    private String refused(UnaryOperator<String> damage) throws IOException {
        Path file = saved();
        String text = Files.readString(file);
        String damaged = damage.apply(text);
        assertTrue(!damaged.equals(text), "the damage must change the file");
        Files.writeString(file, damaged);
        return assertThrows(ModelFormatException.class, () -> ModelFile.load(file)).getMessage()
                .replace(file.toString(), "FILE");
    }

    @Test
    void moreClassesThanOutputUnits() throws IOException {
        assertEquals("FILE: damaged model file: 4 class names for 3 output units",
                refused(t -> t.replace("\"classNames\" : [ \"x\", \"y\", \"z\" ]", "\"classNames\" : [ \"x\", \"y\", \"z\", \"w\" ]")));
    }

    @Test
    void featureNamesDoNotMatchInputs() throws IOException {
        assertEquals("FILE: damaged model file: 3 feature names for 2 inputs",
                refused(t -> t.replace("\"featureNames\" : [ \"a\", \"b\" ]", "\"featureNames\" : [ \"a\", \"b\", \"c\" ]")));
    }

    @Test
    void normalizerDoesNotMatchInputs() throws IOException {
        assertEquals("FILE: damaged model file: the normalizer has 1 entries for 2 inputs",
                refused(t -> t.replace("\"offset\" : [ 1.0, 2.0 ]", "\"offset\" : [ 1.0 ]")
                        .replace("\"scale\" : [ 0.5, 0.25 ]", "\"scale\" : [ 0.5 ]")));
    }

    @Test
    void nonFiniteWeight() throws IOException {
        assertEquals("FILE: damaged model file: normalizer scale [1] is Infinity; expected a finite number",
                refused(t -> t.replace("\"scale\" : [ 0.5, 0.25 ]", "\"scale\" : [ 0.5, 1e400 ]")));
    }

    @Test
    void missingKeysAreNamed() throws IOException {
        assertEquals("FILE: damaged model file: no \"provenance.seed\"",
                refused(t -> t.replace("\"seed\" : 1,", "")));
        assertEquals("FILE: damaged model file: no \"layers[1].biases\"",
                refused(t -> t.replaceFirst("(?s)(\"biases\".*?)\"biases\" : \\[[^]]*]", "$1\"other\" : 0")));
    }

    @Test
    void layerSizesWhoseProductOverflowsAreRefused() {
        // 65536 × 65536 is 0 in int arithmetic: an empty weight array must not pass for it.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DenseLayer(65536, 65536, Activation.RELU, false, new float[0], new float[0]));
        assertEquals("weights hold 0 values, expected 65536x65536", e.getMessage());
    }
}
