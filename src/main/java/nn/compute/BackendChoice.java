package nn.compute;

/**
 * The backend that will run, the one-line notice telling the user which one and why, and whether
 * it can fail in the middle of a run (from its {@link BackendProvider}).
 */
public record BackendChoice(Backend backend, String notice, boolean mayFailMidRun) {
}
