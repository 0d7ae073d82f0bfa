package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import nn.compute.Backend;
import nn.compute.Devices;
import nn.compute.SkewedGemmBackend;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code nn selftest}: passes on the Java backend, and on OpenCL (PoCL in CI) catches a GEMM
 * kernel that is wrong by one part in a thousand, exits 4 and names {@code gemm} while every
 * other op passes. The seam is the backend the command tests, not a change to the kernel code.
 */
class SelftestCommandTest {

    private static CliRun selftest(UnaryOperator<Backend> underTest, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == SelftestCommand.class ? type.cast(new SelftestCommand(underTest))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        String[] all = new String[args.length + 1];
        all[0] = "selftest";
        System.arraycopy(args, 0, all, 1, args.length);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(all, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), factory);
        return new CliRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    private static String row(String out, String op) {
        return out.lines().filter(l -> l.startsWith(op + " ")).findFirst().orElse("");
    }

    @Test
    void passesOnTheJavaBackendWithTheTableAndTheTimings() {
        CliRun run = selftest(UnaryOperator.identity(), "--device", "java", "--threads", "2", "--timings", "w1");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        for (String op : new String[] {"gemm", "outputDelta", "adamStep", "batchNormBackward", "gatherRows",
            "training w1 (200 steps)", "training w2 (5 steps)"}) {
            assertTrue(row(run.out(), op).endsWith(" ok"), op + " in\n" + run.out());
        }
        assertTrue(run.out().contains("java: " + System.getProperty("java.version")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("w1 +500 .*")), run.out());
        assertTrue(run.out().contains("selftest passed"), run.out());
    }

    @Test
    void aBrokenGemmKernelOnOpenClFailsWithExit4NamingGemm() {
        assumeTrue(!Devices.list().devices().isEmpty(), "no OpenCL device");
        CliRun run = selftest(SkewedGemmBackend::new, "--device", "opencl", "--timings", "none");
        assertEquals(ExitCode.CHECK_FAILED, run.exitCode(), run.out() + run.err());
        assertTrue(row(run.out(), "gemm").endsWith(" FAIL"), run.out());
        assertTrue(run.err().contains("selftest failed") && run.err().contains(": gemm"), run.err());
        // Every other op of the contract still passes on the device: only the broken kernel is named.
        for (String op : new String[] {"biasActivation", "activationBackward", "outputDelta", "columnSums",
            "countCorrect", "sgdStep", "momentumStep", "adamStep", "gatherRows", "columnMoments", "batchNormForward",
            "batchNormBackward"}) {
            assertTrue(row(run.out(), op).endsWith(" ok"), op + " in\n" + run.out());
        }
        assertTrue(run.out().contains("identity: opencl:"), run.out());
    }

    @Test
    void anUnknownDeviceOrWorkloadIsBadInput() {
        assertEquals(ExitCode.BAD_INPUT, selftest(UnaryOperator.identity(), "--device", "tpu").exitCode());
        assertEquals(ExitCode.BAD_INPUT, selftest(UnaryOperator.identity(), "--device", "java", "--timings", "w9")
                .exitCode());
    }
}
