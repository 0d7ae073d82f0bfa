package nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import nn.cli.Main;
import nn.data.Datasets;
import nn.data.RawTable;
import nn.data.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API for trained models, on an iris model trained once for the class. */
class ModelTest {
    @TempDir
    static Path out;

    @BeforeAll
    static void trainIris() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        assertEquals(0, Main.run(new String[] {"configs/iris.yaml", "--output-dir", out.toString(), "-q"}, sink, sink));
    }

    @Test
    void predictsTheHeldOutSetByPositionAndByName() {
        RawTable test = Tables.csv(Path.of("data/iris-test.csv"), "iris-test.csv");
        try (Model model = Model.load(out.resolve("iris"))) {
            assertEquals(List.of("setosa", "versicolor", "virginica"), model.classNames());
            float[] x = Datasets.features(test, model.featureNames());
            int correct = 0;
            for (int r = 0; r < test.rows().size(); r++) {
                float[] row = java.util.Arrays.copyOfRange(x, r * 4, r * 4 + 4);
                Prediction p = model.predict(row);
                correct += p.label().equals(test.rows().get(r)[4]) ? 1 : 0;
                assertEquals(1.0, java.util.Arrays.stream(p.probabilities()).sum(), 1e-5);
            }
            assertTrue(correct >= 0.9 * test.rows().size(), correct + " of " + test.rows().size());
            Prediction byName = model.predict(Map.of("sepal_length", 5.1, "sepal_width", 3.5, "petal_length", 1.4,
                    "petal_width", 0.2));
            assertEquals("setosa", byName.label());
            assertEquals(byName.label(), model.predict(new float[] {5.1f, 3.5f, 1.4f, 0.2f}).label());
            // Absent columns are missing values, imputed with the training medians: a prediction, not an error.
            assertEquals(3, model.predict(Map.of("sepal_length", 5.1)).probabilities().length);
            assertThrows(IllegalArgumentException.class, () -> model.predict(Map.of("sepal_length", "long")));
        }
    }

    @Test
    void concurrentPredictionsEqualSequentialOnes() {
        try (Model model = Model.load(out.resolve("iris/model.nnm"))) {
            float[][] rows = IntStream.range(0, 400).mapToObj(i -> new float[] {4 + i % 40 * 0.1f, 3f, 1 + i % 60 * 0.1f, i % 25 * 0.1f})
                    .toArray(float[][]::new);
            // One row at a time both ways: a batched product may round a row differently in the last bit.
            List<Prediction> sequential = IntStream.range(0, rows.length).mapToObj(i -> model.predict(rows[i])).toList();
            List<Prediction> parallel = IntStream.range(0, rows.length).parallel()
                    .mapToObj(i -> model.predict(rows[i])).toList();
            List<Prediction> batched = model.predictAll(rows);
            for (int i = 0; i < rows.length; i++) {
                assertArrayEquals(sequential.get(i).probabilities(), parallel.get(i).probabilities(), 0, "row " + i);
                assertArrayEquals(sequential.get(i).probabilities(), batched.get(i).probabilities(), 1e-6, "row " + i);
            }
        }
    }
}
