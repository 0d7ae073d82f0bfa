package nn.compute;

/**
 * The backend that will run, the one-line notice telling the user which one and why, and whether
 * it can fail in the middle of a run (from its {@link BackendProvider}).
 */
public record BackendChoice(Backend backend, String notice, boolean mayFailMidRun) {

    /**
     * A choice that may fail mid-run (the safe assumption for a backend of unknown origin).
     *
     * @deprecated name {@code mayFailMidRun}; kept while the branches that call it are merged
     */
    @Deprecated
    public BackendChoice(Backend backend, String notice) {
        this(backend, notice, true);
    }
}
