package nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nn.compute.Activation;
import nn.data.Normalizer;
import nn.data.Scaling;
import nn.network.LayerShape;
import nn.network.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    private SavedModel model() {
        Network net = Network.initialize(3, List.of(new LayerShape(4, Activation.TANH, true),
                new LayerShape(2, Activation.SOFTMAX, false)), 5);
        return new SavedModel("m", net, List.of("a", "b", "c"), List.of("no", "yes"),
                new Normalizer(Scaling.STANDARD, new float[] {1, 2, 3}, new float[] {0.5f, 0.25f, 1}),
                JsonNodeFactory.instance.objectNode().put("name", "m"),
                new SavedModel.Provenance(5, "java", "test", "2026-11-25T00:00:00Z"));
    }

    @Test
    void roundTripKeepsEveryValueExactly() {
        SavedModel saved = model();
        Path file = dir.resolve("sub/model.json");
        ModelFile.save(saved, file);
        SavedModel loaded = ModelFile.load(file);
        assertEquals(saved.network(), loaded.network());
        assertEquals(saved.featureNames(), loaded.featureNames());
        assertEquals(saved.classNames(), loaded.classNames());
        assertEquals(saved.provenance(), loaded.provenance());
        assertEquals(Scaling.STANDARD, loaded.normalizer().scaling());
        assertEquals(0.25f, loaded.normalizer().scale()[1]);
    }

    @Test
    void newerFormatIsRefusedWithAClearMessage() throws IOException {
        Path file = dir.resolve("model.json");
        ModelFile.save(model(), file);
        Files.writeString(file, Files.readString(file).replace("\"formatVersion\" : 1", "\"formatVersion\" : 9"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().endsWith("model format version 9; this nn reads version 1 (the model is newer: upgrade nn)"),
                e.getMessage());
    }

    @Test
    void notAModelAndDamagedModelAreRefused() throws IOException {
        Path file = dir.resolve("x.json");
        Files.writeString(file, "{\"hello\": 1}");
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.load(file)).getMessage()
                .contains("not an nn model file"));
        Path damaged = dir.resolve("d.json");
        ModelFile.save(model(), damaged);
        Files.writeString(damaged, Files.readString(damaged).replaceFirst("\"units\" : 4", "\"units\" : 5"));
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.load(damaged)).getMessage()
                .contains("damaged model file"));
    }

    @Test
    void savedFilesAreReadableByOthersLikeOrdinaryFiles() throws IOException {
        Path file = dir.resolve("m.txt");
        AtomicFiles.write(file, "x".getBytes());
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void atomicWriteReplacesWholeAndLeavesNoTempFile() throws IOException {
        Path file = dir.resolve("f.txt");
        AtomicFiles.write(file, "first".getBytes());
        AtomicFiles.write(file, "second".getBytes());
        assertEquals("second", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }
}
