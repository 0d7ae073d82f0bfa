package nn.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A second opinion from the ONNX project's own checker ({@code onnx.checker.check_model} with
 * {@code full_check}, which also runs its shape inference), through Debian's python3-onnx, which
 * .ci/run installs. Skipped where that package is missing.
 */
final class OnnxChecker {
    private static final String PYTHON = "/usr/bin/python3";

    private OnnxChecker() {
    }

    /** Checks every file in one Python process; fails with the checker's message. */
    static void check(List<Path> files) throws IOException, InterruptedException {
        Assumptions.assumeTrue(available(), "python3-onnx is not installed");
        List<String> command = new ArrayList<>(List.of(PYTHON, "-c", "import sys, onnx\n"
                + "for f in sys.argv[1:]:\n"
                + "    onnx.checker.check_model(onnx.load(f), full_check=True)\n"
                + "print('checked', len(sys.argv) - 1)\n"));
        files.forEach(f -> command.add(f.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        assertEquals("checked " + files.size(), out.strip());
    }

    private static boolean available() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON, "-c", "import onnx").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
