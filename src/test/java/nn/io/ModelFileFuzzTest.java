package nn.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nn.model.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Raw bytes in as {@code model.json}: {@link Model#load} either refuses them with a
 * {@link ModelFormatException} or gives a model that can predict a row; any other exception or
 * error is a bug. A file that loads but cannot predict is a loader that checked too little.
 * Seed corpus: {@code src/test/resources/nn/io/ModelFileFuzzTestInputs/loadModel/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelFileFuzzTest {
    private Path file;

    @BeforeAll
    void createFile() throws IOException {
        file = Files.createTempFile("fuzz-model", ".json");
    }

    @AfterAll
    void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest(maxDuration = "3m")
    void loadModel(byte[] json) throws IOException {
        Files.write(file, json);
        Model model;
        try {
            model = Model.load(file);
        } catch (ModelFormatException expected) {
            return;
        }
        try (model) {
            model.predict(new float[model.featureNames().size()]);
        }
    }
}
