package nn.data;

/** How a feature column is read: as numbers, or as categories (text, booleans, codes). */
public enum ColumnKind {
    NUMERIC,
    CATEGORICAL
}
