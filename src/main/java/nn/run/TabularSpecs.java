package nn.run;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nn.data.ColumnKind;
import nn.data.ColumnRules;
import nn.data.Imputation;
import nn.data.TableDialect;
import nn.spec.DataSourceSpec;
import nn.spec.DataSpec;
import nn.spec.EncodingType;
import nn.spec.FeatureSpec;
import nn.spec.FeatureType;
import nn.spec.MissingType;
import nn.spec.SpecException;

/**
 * Maps the data spec's CSV dialect and column declarations to nn.data's, checking them against the
 * columns. Public for nn-spark, whose executors fit the same preprocessing by a distributed pass.
 */
public final class TabularSpecs {
    private TabularSpecs() {
    }

    /** The dialect of a CSV source; {@code path} names it in errors. */
    public static TableDialect dialect(DataSourceSpec source, String path) {
        checkDialect(source, path);
        char delimiter = source.delimiter() == null ? ',' : delimiter(source.delimiter());
        boolean header = source.header() == null || source.header();
        Set<String> na = source.naValues() == null ? TableDialect.DEFAULT_NA : new HashSet<>(source.naValues());
        return new TableDialect(delimiter, header, source.names(), na);
    }

    /** The dialect keys are consistent: a known delimiter, names exactly when there is no header row. */
    static void checkDialect(DataSourceSpec source, String path) {
        boolean csv = source.csv() != null;
        for (var key : List.of("delimiter", "header", "names", "na_values")) {
            Object value = switch (key) {
                case "delimiter" -> source.delimiter();
                case "header" -> source.header();
                case "names" -> source.names();
                default -> source.naValues();
            };
            if (value != null && !csv) {
                throw new SpecException(path + "." + key, "'" + key + "' applies to csv files");
            }
        }
        if (source.delimiter() != null) {
            delimiter(source.delimiter(), path);
        }
        boolean header = source.header() == null || source.header();
        if (!header && source.names() == null) {
            throw new SpecException(path + ".header", "a file without a header row needs 'names', the column names "
                    + "in file order");
        }
        if (header && source.names() != null) {
            throw new SpecException(path + ".names", "'names' is for files without a header row; add header: false, "
                    + "or drop names to use the file's header");
        }
    }

    private static char delimiter(String given) {
        return delimiter(given, "delimiter");
    }

    private static char delimiter(String given, String path) {
        return switch (given) {
            case ",", ";", "\t", "|" -> given.charAt(0);
            case "tab", "\\t" -> '\t';
            default -> throw new SpecException(path + ".delimiter", "expected ',', ';', '|' or a tab (\"\\t\" or tab), "
                    + "got '" + given + "'");
        };
    }

    /** The column rules of {@code data}; every declared column must be one of {@code columns}. */
    public static ColumnRules rules(DataSpec data, List<String> columns) {
        Map<String, ColumnRules.Declared> declared = new HashMap<>();
        if (data.features() != null) {
            for (Map.Entry<String, FeatureSpec> e : data.features().entrySet()) {
                String key = "data.features." + e.getKey();
                if (!columns.contains(e.getKey())) {
                    throw new SpecException(key, "no feature column named '" + e.getKey() + "'; the feature columns are "
                            + String.join(", ", columns));
                }
                FeatureSpec f = e.getValue() == null ? new FeatureSpec(null) : e.getValue();
                if (f.fill() != null && f.missing() != MissingType.CONSTANT) {
                    throw new SpecException(key + ".fill", "'fill' applies with missing: constant");
                }
                if (f.missing() == MissingType.CONSTANT && f.fill() == null) {
                    throw new SpecException(key + ".fill", "missing: constant needs 'fill', the value of missing cells");
                }
                if (f.encoding() != null && f.type() == FeatureType.NUMERIC) {
                    throw new SpecException(key + ".encoding", "'encoding' applies to categorical columns");
                }
                if (f.dim() != null && f.encoding() != EncodingType.EMBEDDING) {
                    throw new SpecException(key + ".dim", "'dim' applies with encoding: embedding");
                }
                if (f.dim() != null && f.dim() < 1) {
                    throw new SpecException(key + ".dim", "expected a whole number >= 1, got " + f.dim());
                }
                ColumnKind kind = f.type() == null ? (f.encoding() != null ? ColumnKind.CATEGORICAL : null)
                        : f.type() == FeatureType.NUMERIC ? ColumnKind.NUMERIC : ColumnKind.CATEGORICAL;
                declared.put(e.getKey(), new ColumnRules.Declared(kind, f.missing() == null ? null : imputation(f.missing()),
                        f.fill(), f.encoding() == EncodingType.ONE_HOT,
                        f.encoding() != EncodingType.EMBEDDING ? null : f.dim() == null ? 0 : f.dim()));
            }
        }
        if (data.missing() == MissingType.CONSTANT) {
            throw new SpecException("data.missing", "expected median, mean or error; a constant is given per column "
                    + "(data.features.NAME: {missing: constant, fill: 0})");
        }
        return new ColumnRules(declared, data.missing() == null ? Imputation.MEDIAN : imputation(data.missing()),
                data.maxCategories() == null ? ColumnRules.DEFAULT_MAX_CATEGORIES : data.maxCategories(),
                data.minFrequency() == null ? 1 : data.minFrequency(),
                data.embeddingAbove() == null ? ColumnRules.DEFAULT_EMBEDDING_ABOVE : data.embeddingAbove());
    }

    private static Imputation imputation(MissingType type) {
        return switch (type) {
            case MEDIAN -> Imputation.MEDIAN;
            case MEAN -> Imputation.MEAN;
            case CONSTANT -> Imputation.CONSTANT;
            case ERROR -> Imputation.ERROR;
        };
    }
}
