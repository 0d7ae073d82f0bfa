package nn.run;

/**
 * A run that must not start as asked: its folder is in use by another run, already holds a run
 * (without {@code --overwrite} or {@code --resume}), or holds a checkpoint that does not match the
 * config being resumed. Bad input (exit 2), reported in one line that names the way out.
 */
public final class RunConflictException extends RuntimeException {
    public RunConflictException(String message) {
        super(message);
    }
}
