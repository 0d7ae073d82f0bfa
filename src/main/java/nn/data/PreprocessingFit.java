package nn.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits a {@link Preprocessing} on the training table: infers each feature column's type (text:
 * categorical, numbers: numeric) unless declared, counts missing cells, takes medians or means,
 * embeds categorical columns declared so or with more than {@code embedding_above} categories,
 * and picks the categories under the caps. Fails at {@code file:line:col} for a column
 * mixing numbers and text, a missing cell under {@code missing: error}, an oversized category
 * and a forced one-hot over {@link ColumnRules#ONE_HOT_LIMIT} values.
 */
public final class PreprocessingFit {
    private PreprocessingFit() {
    }

    /** Fits the named feature columns of {@code table}, in that order. */
    public static Preprocessing fit(RawTable table, List<String> features, ColumnRules rules, TableDialect dialect) {
        List<ColumnEncoder> encoders = new ArrayList<>();
        for (String name : features) {
            int column = table.columns().indexOf(name);
            if (column < 0) {
                throw new DataException(table.source() + ":1:1: no column named '" + name + "'");
            }
            encoders.add(fitColumn(table, column, rules.of(name), rules, dialect));
        }
        // Embedded ids go last, after every one-hot and numeric input: the embedding layer passes the
        // leading inputs through and looks the trailing ids up (rows bind columns by name, so order is free).
        List<ColumnEncoder> ordered = new ArrayList<>(encoders.stream().filter(e -> !e.embedded()).toList());
        ordered.addAll(encoders.stream().filter(ColumnEncoder::embedded).toList());
        encoders = ordered;
        return new Preprocessing(new ArrayList<>(dialect.naValues()).stream().sorted().toList(), encoders,
                TargetScaling.NONE);
    }

    private static ColumnEncoder fitColumn(RawTable table, int column, ColumnRules.Declared declared, ColumnRules rules,
                                           TableDialect dialect) {
        String name = table.columns().get(column);
        int missing = 0;
        int numbers = 0;
        int firstText = -1;
        int firstMissing = -1;
        int texts = 0;
        for (int r = 0; r < table.rows().size(); r++) {
            String cell = table.rows().get(r)[column];
            if (dialect.isMissing(cell)) {
                missing++;
                firstMissing = firstMissing < 0 ? r : firstMissing;
            } else if (Cells.parses(cell)) {
                numbers++;
            } else {
                texts++;
                firstText = firstText < 0 ? r : firstText;
            }
        }
        Imputation imputation = declared.missing() != null ? declared.missing() : rules.missing();
        if (imputation == Imputation.ERROR && missing > 0) {
            throw new DataException(table.at(firstMissing, column) + ": column '" + name + "' has a missing value and "
                    + "missing is 'error'; fill it in, or let it be imputed (missing: median)");
        }
        ColumnKind kind = declared.kind();
        if (kind == null) {
            if (texts > 0 && numbers > texts) {
                String cell = table.rows().get(firstText)[column];
                throw new DataException(table.at(firstText, column) + ": column '" + name + "' holds " + numbers
                        + " numbers and " + texts + " other values such as '" + Cells.shorten(cell) + "', so its type "
                        + "cannot be inferred; declare it (data.features: {" + name + ": categorical}) or list '"
                        + Cells.shorten(cell) + "' in na_values");
            }
            kind = texts > 0 ? ColumnKind.CATEGORICAL : ColumnKind.NUMERIC;
        }
        if (kind == ColumnKind.NUMERIC) {
            if (texts > 0) {
                String cell = table.rows().get(firstText)[column];
                throw new DataException(table.at(firstText, column) + ": column '" + name + "' is declared numeric but '"
                        + Cells.shorten(cell) + "' is not a number");
            }
            double fill = fill(table, column, imputation, declared.fill(), dialect);
            return new ColumnEncoder(name, kind, missing, imputation, fill, missing > 0, List.of(), false);
        }
        List<String> byFrequency = categories(table, column, declared, rules, dialect);
        return CategoricalEncoding.encoder(name, missing, imputation, byFrequency, declared, rules);
    }

    private static double fill(RawTable table, int column, Imputation imputation, Double constant, TableDialect dialect) {
        if (imputation == Imputation.CONSTANT) {
            return constant == null ? 0 : constant;
        }
        double[] values = table.rows().stream().map(row -> row[column]).filter(cell -> !dialect.isMissing(cell))
                .mapToDouble(Double::parseDouble).filter(Double::isFinite).toArray();
        if (values.length == 0) {
            return 0;
        }
        if (imputation == Imputation.MEAN) {
            return Arrays.stream(values).sum() / values.length;
        }
        Arrays.sort(values);
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /** The categories with at least min_frequency rows, the most frequent first (ties: the first seen first). */
    private static List<String> categories(RawTable table, int column, ColumnRules.Declared declared, ColumnRules rules,
                                           TableDialect dialect) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Integer> firstRow = new HashMap<>();
        for (int r = 0; r < table.rows().size(); r++) {
            String cell = table.rows().get(r)[column];
            if (dialect.isMissing(cell)) {
                continue;
            }
            if (cell.length() > ColumnEncoder.MAX_CATEGORY_CHARS) {
                throw new DataException(table.at(r, column) + ": column '" + table.columns().get(column) + "': a "
                        + cell.length() + "-character category; categories are capped at "
                        + ColumnEncoder.MAX_CATEGORY_CHARS + " characters (is the quoting broken?)");
            }
            counts.merge(cell, 1, Integer::sum);
            firstRow.putIfAbsent(cell, r);
        }
        List<String> kept = counts.entrySet().stream().filter(e -> e.getValue() >= rules.minFrequency())
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(e -> firstRow.get(e.getKey())))
                .map(Map.Entry::getKey).toList();
        CategoricalEncoding.checkOneHotCap(table.source() + ":1:" + (column + 1), table.columns().get(column),
                counts.size(), kept.size(), declared);
        return kept;
    }
}
