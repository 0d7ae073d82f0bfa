package nn.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The width of the controlling terminal, asked of {@code stty size} on {@code /dev/tty} (Java has
 * no call for it), else {@code $COLUMNS}, else 80.
 */
final class TerminalWidth {
    static final int FALLBACK = 80;

    private TerminalWidth() {
    }

    static int current() {
        File tty = new File("/dev/tty");
        if (tty.exists()) {
            try {
                Process stty = new ProcessBuilder("stty", "size").redirectInput(tty)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String answer = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
                if (stty.waitFor(2, TimeUnit.SECONDS) && stty.exitValue() == 0) {
                    String[] parts = answer.split("\\s+");
                    int columns = Integer.parseInt(parts[parts.length - 1]);
                    if (columns > 0) {
                        return columns;
                    }
                }
            } catch (IOException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
                // no stty, or no terminal after all: fall through
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", ""));
            return columns > 0 ? columns : FALLBACK;
        } catch (NumberFormatException e) {
            return FALLBACK;
        }
    }
}
