package nn.data;

/** What a missing numeric cell becomes; {@code ERROR} refuses missing cells of any column. */
public enum Imputation {
    MEDIAN,
    MEAN,
    CONSTANT,
    ERROR
}
