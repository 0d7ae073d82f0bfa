package nn.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Raw bytes in as a CSV file, read and turned into a classification data set the way the train
 * command does (label last): anything but a {@link DataException} is a bug. Seed corpus:
 * {@code src/test/resources/nn/data/CsvTableFuzzTestInputs/readCsv/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CsvTableFuzzTest {
    private Path file;

    @BeforeAll
    void createFile() throws IOException {
        file = Files.createTempFile("fuzz-table", ".csv");
    }

    @AfterAll
    void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest(maxDuration = "3m")
    void readCsv(byte[] csv) throws IOException {
        Files.write(file, csv);
        try {
            RawTable table = Tables.csv(file, "fuzz.csv");
            List<String> features = Datasets.featureNames(table, null);
            List<String> classes = Datasets.classNames(table, null);
            Dataset data = Datasets.build(table, null, features, classes, true);
            Normalizer.fit(Scaling.STANDARD, data).apply(data);
        } catch (DataException expected) {
            // the documented way to refuse a file
        }
    }
}
