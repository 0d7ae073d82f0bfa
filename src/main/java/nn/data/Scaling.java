package nn.data;

/** How features are rescaled before training. */
public enum Scaling {
    /** Features as they are. */
    NONE,
    /** (x − mean) / standard deviation. */
    STANDARD,
    /** (x − min) / (max − min), into [0, 1]. */
    MINMAX
}
