package nn.cli;

/** The one table of exit codes, as listed in the README and in {@code --help}. */
public final class ExitCode {
    /** Success. */
    public static final int OK = 0;
    /** A bug: the message asks for a report; the stack trace comes with {@code --verbose}. */
    public static final int INTERNAL = 1;
    /** Bad input: config, data, arguments, missing file, unusable device request. */
    public static final int BAD_INPUT = 2;
    /** Training diverged: the loss or a gradient became NaN or infinite. */
    public static final int DIVERGED = 3;
    /** A check failed (gradcheck or selftest above tolerance). */
    public static final int CHECK_FAILED = 4;
    /** Interrupted by Ctrl-C. */
    public static final int INTERRUPTED = 130;
    /** Terminated by SIGTERM (kill, timeout, a service manager), after saving as for Ctrl-C. */
    public static final int TERMINATED = 143;

    /** The table as help text. */
    static final String TABLE = """
            Exit codes:
              0    success
              1    internal error (a bug; --verbose shows the stack trace)
              2    bad input: config, data, arguments, missing file, unusable device,
                   a run folder in use, holding a run, or not writable
              3    training diverged (non-finite loss)
              4    a check failed (gradcheck or selftest above tolerance)
              130  interrupted (Ctrl-C) after saving a checkpoint
              143  terminated (SIGTERM) after saving, as for Ctrl-C""";

    private ExitCode() {
    }
}
