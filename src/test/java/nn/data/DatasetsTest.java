package nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @TempDir
    Path dir;

    private RawTable csv(String text) throws IOException {
        Path file = dir.resolve("d.csv");
        Files.writeString(file, text);
        return Tables.csv(file, "d.csv");
    }

    @Test
    void classesSortNumericallyWhenNumeric() throws IOException {
        RawTable t = csv("a,y\n1,10\n2,2\n3,9\n");
        assertEquals(List.of("2", "9", "10"), Datasets.classNames(t, "y"));
    }

    @Test
    void oneHotAndIndexEncodings() throws IOException {
        RawTable t = csv("a,b,kind\n1,2,cat\n3,4,dog\n");
        List<String> classes = Datasets.classNames(t, "kind");
        Dataset oneHot = Datasets.build(t, "kind", List.of("b", "a"), classes, true);
        assertArrayEquals(new float[] {2, 1, 4, 3}, oneHot.x());
        assertArrayEquals(new float[] {1, 0, 0, 1}, oneHot.y());
        Dataset index = Datasets.build(t, "kind", List.of("a", "b"), classes, false);
        assertArrayEquals(new float[] {0, 1}, index.y());
    }

    @Test
    void badCellsAreLocated() throws IOException {
        RawTable t = csv("a,b,y\n1,2,0\n3,oops,1\n");
        DataException e = assertThrows(DataException.class,
                () -> Datasets.build(t, "y", List.of("a", "b"), List.of("0", "1"), false));
        assertEquals("d.csv:3:2: feature column 'b': 'oops' is not a number; only numeric feature columns are supported",
                e.getMessage());
    }

    @Test
    void raggedRowAndUnknownLabelAndUnseenClass() throws IOException {
        assertEquals("d.csv:3:1: row has 2 cells; expected 3 like the header",
                assertThrows(DataException.class, () -> csv("a,b,y\n1,2,0\n3,1\n")).getMessage());
        RawTable t = csv("a,y\n1,0\n2,5\n");
        assertEquals("d.csv:1:1: no column named 'label'; the columns are a, y",
                assertThrows(DataException.class, () -> Datasets.labelColumn(t, "label")).getMessage());
        assertEquals("d.csv:3:2: label '5' was not seen in the training data; the classes are 0, 1",
                assertThrows(DataException.class, () -> Datasets.build(t, "y", List.of("a"), List.of("0", "1"), false))
                        .getMessage());
        assertEquals("d.csv:1:1: the file is empty; expected a header row naming the columns",
                assertThrows(DataException.class, () -> csv("")).getMessage());
    }

    @Test
    void normalizerFitsTrainOnlyAndSurvivesConstantColumns() {
        Dataset train = new Dataset(List.of("a", "b"), List.of(), 2, 2, 1, new float[] {0, 5, 2, 5}, new float[] {0, 1});
        Normalizer standard = Normalizer.fit(Scaling.STANDARD, train);
        assertArrayEquals(new float[] {-1, 0, 1, 0}, standard.apply(train).x());
        Normalizer minmax = Normalizer.fit(Scaling.MINMAX, train);
        Dataset test = new Dataset(List.of("a", "b"), List.of(), 1, 2, 1, new float[] {4, 6}, new float[] {0});
        assertArrayEquals(new float[] {2, 1}, minmax.apply(test).x());
    }
}
