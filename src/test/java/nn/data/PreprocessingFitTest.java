package nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fitting column types, imputation and one-hot vocabularies on a training table, and encoding with them. */
class PreprocessingFitTest {
    private static RawTable table(String csv) {
        return Tables.csv(new StringReader(csv), "t.csv");
    }

    private static Preprocessing fit(String csv, ColumnRules rules) {
        RawTable t = table(csv);
        return PreprocessingFit.fit(t, Datasets.featureNames(t, null), rules, TableDialect.DEFAULT);
    }

    @Test
    void infersTypesImputesTheMedianAndAddsIndicatorsWhereCellsWereMissing() {
        Preprocessing p = fit("age,color,ok,y\n30,red,true,1\n,blue,false,0\n50,red,,1\n10,NA,true,0\n", ColumnRules.DEFAULT);
        assertEquals(List.of("age", "age_na", "color=blue", "color=red", "color=(missing)", "color=(other)",
                "ok=false", "ok=true", "ok=(missing)", "ok=(other)"), p.inputNames());
        ColumnEncoder age = p.columns().get(0);
        assertEquals(ColumnKind.NUMERIC, age.kind());
        assertEquals(1, age.missingCount());
        assertEquals(30.0, age.fill(), 0.0);
        assertEquals(ColumnKind.CATEGORICAL, p.columns().get(2).kind());
        float[] x = p.encode(table("age,color,ok\n,green,true\n"));
        assertArrayEquals(new float[] {30, 1, 0, 0, 0, 1, 0, 1, 0, 0}, x);
        assertArrayEquals(new boolean[] {true, false, false, false, false, false, false, false, false, false},
                p.valueInputs());
    }

    @Test
    void meanAndConstantImputation() {
        ColumnRules mean = new ColumnRules(Map.of(), Imputation.MEAN, 100, 1);
        assertEquals(20.0, fit("a,y\n10,0\n?,1\n40,0\n10,1\n", mean).columns().get(0).fill(), 1e-9);
        ColumnRules constant = new ColumnRules(Map.of("a", new ColumnRules.Declared(null, Imputation.CONSTANT, -1.0, false)),
                Imputation.MEDIAN, 100, 1);
        assertEquals(-1.0, fit("a,y\n10,0\n?,1\n", constant).columns().get(0).fill(), 0.0);
    }

    @Test
    void capsKeepTheMostFrequentCategoriesAndSendTheRestToOther() {
        StringBuilder csv = new StringBuilder("c,y\n");
        for (String v : List.of("a", "a", "a", "b", "b", "c", "d")) {
            csv.append(v).append(",0\n");
        }
        assertEquals(List.of("a", "b"), fit(csv.toString(), new ColumnRules(Map.of(), Imputation.MEDIAN, 2, 1))
                .columns().get(0).categories());
        Preprocessing p = fit(csv.toString(), new ColumnRules(Map.of(), Imputation.MEDIAN, 100, 2));
        assertEquals(List.of("a", "b"), p.columns().get(0).categories());
        assertArrayEquals(new float[] {0, 0, 1}, p.encode(Map.of("c", "d")));
        assertArrayEquals(new float[] {0, 1, 0}, p.encode(Map.of("c", "b")));
    }

    @Test
    void aMissingCellOfACategoricalColumnThatHadNoneInTrainingIsOther() {
        Preprocessing p = fit("c,n,y\na,1,0\nb,2,1\n", ColumnRules.DEFAULT);
        assertEquals(List.of("c=a", "c=b", "c=(other)", "n"), p.inputNames());
        Map<String, Object> row = new HashMap<>();
        row.put("n", 5);
        // Its own "(other)" input, not the next column's first one.
        assertArrayEquals(new float[] {0, 0, 1, 5}, p.encode(row));
        assertArrayEquals(new float[] {0, 0, 1, 5}, p.encode(table("c,n\nNA,5\n")));
    }

    @Test
    void declaredTypesWin() {
        ColumnRules rules = new ColumnRules(Map.of("zip", new ColumnRules.Declared(ColumnKind.CATEGORICAL, null, null, false)),
                Imputation.MEDIAN, 100, 1);
        Preprocessing p = fit("zip,y\n10115,0\n20095,1\n", rules);
        assertEquals(List.of("zip=10115", "zip=20095", "zip=(other)"), p.inputNames());
        ColumnRules numeric = new ColumnRules(Map.of("n", new ColumnRules.Declared(ColumnKind.NUMERIC, null, null, false)),
                Imputation.MEDIAN, 100, 1);
        DataException e = assertThrows(DataException.class, () -> fit("n,y\nx,0\n", numeric));
        assertEquals("t.csv:2:1: column 'n' is declared numeric but 'x' is not a number", e.getMessage());
    }

    @Test
    void badInputFailsAtItsCell() {
        assertEquals("t.csv:4:1: column 'a' holds 2 numbers and 1 other values such as 'x', so its type cannot be "
                        + "inferred; declare it (data.features: {a: categorical}) or list 'x' in na_values",
                assertThrows(DataException.class, () -> fit("a,y\n1,0\n2,1\nx,0\n", ColumnRules.DEFAULT)).getMessage());
        String huge = "v".repeat(1_000_000);
        assertEquals("t.csv:3:1: column 'a': a 1000000-character category; categories are capped at 1000 characters "
                + "(is the quoting broken?)", assertThrows(DataException.class,
                () -> fit("a,y\nred,0\n" + huge + ",1\n", ColumnRules.DEFAULT)).getMessage());
        StringBuilder many = new StringBuilder("id,y\n");
        for (int i = 0; i < 1500; i++) {
            many.append("k").append(i).append(",0\n");
        }
        ColumnRules forced = new ColumnRules(Map.of("id", new ColumnRules.Declared(ColumnKind.CATEGORICAL, null, null, true)),
                Imputation.MEDIAN, 100, 1);
        assertEquals("t.csv:1:1: column 'id' has 1500 distinct values; encoding: one_hot is capped at 1000 (drop "
                + "encoding: one_hot to embed it, or raise min_frequency)",
                assertThrows(DataException.class, () -> fit(many.toString(), forced)).getMessage());
        // Raising min_frequency brings the one-hot inputs under the cap: 1500 values seen once, 10 of them twice.
        StringBuilder twice = new StringBuilder(many);
        for (int i = 0; i < 10; i++) {
            twice.append("k").append(i).append(",1\n");
        }
        ColumnRules forcedFrequent = new ColumnRules(forced.declared(), Imputation.MEDIAN, 100, 2);
        assertEquals(11, fit(twice.toString(), forcedFrequent).columns().get(0).width());
        ColumnRules forcedMany = new ColumnRules(forced.declared(), Imputation.MEDIAN, 2000, 1);
        assertTrue(assertThrows(DataException.class, () -> fit(twice.toString(), forcedMany)).getMessage()
                .contains("has 1500 distinct values; encoding: one_hot is capped at 1000"));
        // Undeclared, 1500 values are over the default embedding_above (50): one id input, every value kept.
        ColumnEncoder embedded = fit(many.toString(), ColumnRules.DEFAULT).columns().get(0);
        assertTrue(embedded.embedded());
        assertEquals(1501, embedded.vocabulary());
        // With embedding switched off (a threshold above the cardinality) it is one-hot under max_categories.
        ColumnRules oneHot = new ColumnRules(Map.of(), Imputation.MEDIAN, 100, 1, 10_000);
        assertEquals(101, fit(many.toString(), oneHot).columns().get(0).width());
        ColumnRules strict = new ColumnRules(Map.of(), Imputation.ERROR, 100, 1);
        assertEquals("t.csv:3:1: column 'a' has a missing value and missing is 'error'; fill it in, or let it be "
                + "imputed (missing: median)", assertThrows(DataException.class,
                () -> fit("a,y\n1,0\n,1\n", strict)).getMessage());
    }

    @Test
    void embeddingAboveSplitsOneHotFromEmbeddedByCardinality() {
        StringBuilder csv = new StringBuilder("small,big,rare,y\n");
        for (int i = 0; i < 60; i++) {
            // small: 3 values; big: 60; rare: 60 values, each seen once but once more for 10 of them.
            csv.append("s").append(i % 3).append(",b").append(i).append(",r").append(i).append(",0\n");
        }
        for (int i = 0; i < 10; i++) {
            csv.append("s0,b0,r").append(i).append(",1\n");
        }
        Preprocessing byDefault = fit(csv.toString(), ColumnRules.DEFAULT);
        assertEquals(List.of(false, true, true), byDefault.columns().stream().map(ColumnEncoder::embedded).toList());
        // The count is of values with min_frequency rows: at 2, big keeps 1 and rare 10 (+ other), so both are one-hot.
        Preprocessing frequent = fit(csv.toString(), new ColumnRules(Map.of(), Imputation.MEDIAN, 100, 2, 50));
        assertEquals(List.of(false, false, false), frequent.columns().stream().map(ColumnEncoder::embedded).toList());
        assertEquals(11, frequent.columns().get(2).width());
        // 0 embeds every categorical column (fastai's default); declared one_hot is never embedded.
        ColumnRules all = new ColumnRules(Map.of("big", new ColumnRules.Declared(null, null, null, true)),
                Imputation.MEDIAN, 100, 1, 0);
        Preprocessing zero = fit(csv.toString(), all);
        assertEquals(List.of("big", "small", "rare"), zero.columns().stream().map(ColumnEncoder::name).toList());
        assertEquals(List.of(false, true, true), zero.columns().stream().map(ColumnEncoder::embedded).toList());
        assertEquals(ColumnEncoder.defaultEmbedDim(4), zero.columns().get(1).embedDim());
    }

    @Test
    void aMissingLabelFailsAtItsLine() {
        RawTable t = table("a,y\n1,yes\n2,\n");
        DataException e = assertThrows(DataException.class,
                () -> TabularData.classNames(t, "y", TableDialect.DEFAULT_NA));
        assertEquals("t.csv:3:2: the label (column 'y') is missing; every training and test row needs one", e.getMessage());
    }

    @Test
    void mapRowsTakeStringsNumbersAndNulls() {
        Preprocessing p = fit("a,c,y\n1,u,0\n3,v,1\n", ColumnRules.DEFAULT);
        Map<String, Object> row = new HashMap<>();
        row.put("a", null);
        row.put("c", "v");
        assertArrayEquals(new float[] {2, 0, 1, 0}, p.encode(row));
        assertArrayEquals(new float[] {7, 1, 0, 0}, p.encode(Map.of("a", 7, "c", "u")));
        assertArrayEquals(new float[] {7, 0, 0, 1}, p.encode(Map.of("a", "7", "c", "new")));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.encode(Map.of("a", "seven")))
                .getMessage().contains("'seven' is not a number"));
    }

    @Test
    void dialectsSemicolonsTabsAndHeaderlessFiles() {
        TableDialect semicolon = new TableDialect(';', true, null, TableDialect.DEFAULT_NA);
        RawTable t = Tables.csv(new StringReader("a;b\n1,5;x\n"), "s.csv", semicolon);
        assertEquals(List.of("a", "b"), t.columns());
        assertEquals("1,5", t.rows().get(0)[0]);
        TableDialect headerless = new TableDialect('\t', false, List.of("p", "q"), TableDialect.DEFAULT_NA);
        RawTable h = Tables.csv(new StringReader("1\t2\n3\t4\n"), "h.tsv", headerless);
        assertEquals(2, h.rows().size());
        assertEquals("3", h.rows().get(1)[0]);
        assertEquals(3, h.lines()[1] + 1);
        DataException e = assertThrows(DataException.class, () -> Tables.csv(new StringReader("1,1\n2,3\n"), "n.csv"));
        assertTrue(e.getMessage().contains("no header row?"), e.getMessage());
    }

    @Test
    void targetScalingRoundTrips() {
        TargetScaling s = TargetScaling.standardize(new float[] {1000, 3000});
        assertEquals(2000, s.offset(), 1e-9);
        assertEquals(1000, s.scale(), 1e-9);
        assertEquals(-1f, s.apply(1000f), 1e-6);
        assertEquals(3000, s.restore(1), 1e-9);
    }

    @Test
    void embeddedColumnsBecomeOneIdInputAfterTheOthers() {
        StringBuilder csv = new StringBuilder("shop,size,y\n");
        for (int i = 0; i < 150; i++) {
            csv.append(i == 3 ? "" : "k" + (i % 120)).append(',').append(i).append(",0\n");
        }
        ColumnRules rules = new ColumnRules(Map.of("shop", new ColumnRules.Declared(ColumnKind.CATEGORICAL, null, null,
                false, 0)), Imputation.MEDIAN, 100, 1);
        Preprocessing p = fit(csv.toString(), rules);
        assertEquals(List.of("size", "shop=(id)"), p.inputNames(), "the id goes last, max_categories does not cap it");
        ColumnEncoder shop = p.embedded().get(0);
        assertEquals(121, shop.vocabulary());
        assertEquals(Math.round(1.6 * Math.pow(121, 0.56)), shop.embedDim(), "fastai's rule");
        assertEquals(23, ColumnEncoder.defaultEmbedDim(121));
        assertEquals(600, ColumnEncoder.defaultEmbedDim(50_000_000));
        int k0 = shop.categories().indexOf("k0") + 1;
        assertArrayEquals(new float[] {7, k0}, p.encode(Map.of("shop", "k0", "size", 7)));
        assertArrayEquals(new float[] {7, 0}, p.encode(Map.of("shop", "unseen", "size", 7)), "unknown is id 0");
        assertArrayEquals(new boolean[] {true, false}, p.valueInputs(), "the id is never normalised");
        ColumnRules sized = new ColumnRules(Map.of("shop", new ColumnRules.Declared(ColumnKind.CATEGORICAL, null, null,
                false, 8)), Imputation.MEDIAN, 100, 1);
        assertEquals(8, fit(csv.toString(), sized).embedded().get(0).embedDim());
    }
}
