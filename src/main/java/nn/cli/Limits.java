package nn.cli;

/** Bounds on command-line numbers, so that a typo is one clear line rather than an out-of-memory error. */
final class Limits {
    /** More Java backend threads than this is a typo (each one has a stack and a slice of the work). */
    static final int MAX_THREADS = 1024;

    private Limits() {
    }
}
