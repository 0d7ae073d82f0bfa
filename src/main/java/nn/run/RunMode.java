package nn.run;

/** What a run does with a model folder that already holds a run ({@code --overwrite}, {@code --resume}). */
public enum RunMode {
    /** Train afresh into an empty (or new) folder; a folder holding a run is refused. */
    FRESH,
    /** Replace the folder's run as a whole: its checkpoints go at once, its model when the new one is saved. */
    OVERWRITE,
    /** Continue from the folder's newest complete checkpoint, after checking it against the config. */
    RESUME
}
