package nn.compute;

/** The backend that will run, and the one-line notice telling the user which one and why. */
public record BackendChoice(Backend backend, String notice) {
}
