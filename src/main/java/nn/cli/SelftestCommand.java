package nn.cli;

import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import nn.bench.Workload;
import nn.compute.Backend;
import nn.compute.BackendChoice;
import nn.compute.DeviceInfo;
import nn.compute.DeviceKind;
import nn.compute.DeviceRequest;
import nn.compute.Devices;
import nn.compute.parity.OpResult;
import nn.selftest.SelfTest;
import nn.selftest.SelfTestReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nn selftest}: proves a device with the backend parity suite, short training runs and timings. */
@Command(name = "selftest", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Runs on a device the parity suite of every backend op (the cases the tests run) against a",
            "double reference, W1 and W2 training runs against the Java backend, then short W1/W2/W3",
            "timings, and prints one table (op, worst error, tolerance, pass) and the device's identity.",
            "Exit 0 when every check passes, 4 naming the ops that failed."},
        footer = {"", ExitCode.TABLE})
final class SelftestCommand implements Callable<Integer> {

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "opencl",
            description = "opencl (the first GPU, else any OpenCL device), gpu, auto or java (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--device-index", paramLabel = "N", description = "The OpenCL device of 'nn devices' to test.")
    Integer deviceIndex;

    @Option(names = "--threads", paramLabel = "N", description = "Threads of the Java backend (default: NN_THREADS, else all cores).")
    Integer threads;

    @Option(names = "--timings", paramLabel = "LIST", defaultValue = "auto",
            description = "Workloads to time after the checks: a list such as w1,w2, none, or auto: w1,w2,w3 on a GPU "
                    + "or accelerator, w1,w2 elsewhere (a W3 step takes most of a minute on a CPU) (default: ${DEFAULT-VALUE}).")
    String timings;

    @Spec
    CommandSpec command;

    /** What the tests put between the opened backend and the checks (a deliberately broken kernel). */
    private final UnaryOperator<Backend> underTest;

    SelftestCommand() {
        this(UnaryOperator.identity());
    }

    SelftestCommand(UnaryOperator<Backend> underTest) {
        this.underTest = underTest;
    }

    @Override
    public Integer call() {
        int threadCount = threads != null ? threads : Devices.defaultThreads();
        if (threadCount < 1) {
            throw new ParameterException(command.commandLine(), "--threads must be at least 1, got " + threadCount);
        }
        PrintWriter out = command.commandLine().getOut();
        BackendChoice choice = Devices.open(new DeviceRequest(deviceKind(), threadCount, deviceIndex, java.util.List.of()));
        SelfTestReport report;
        try (Backend opened = choice.backend(); Backend java = Devices.host(threadCount)) {
            Backend backend = underTest.apply(opened);
            out.println(choice.notice());
            out.println("java: " + System.getProperty("java.version") + " at " + System.getProperty("java.home"));
            out.flush();
            report = new SelfTest(backend, java, System::nanoTime).run(identity(backend), timed(gpuLike(backend)));
        }
        report.lines().forEach(out::println);
        out.flush();
        if (report.failed().isEmpty()) {
            out.println("selftest passed");
            out.flush();
            return ExitCode.OK;
        }
        PrintWriter err = command.commandLine().getErr();
        err.println("nn: selftest failed on " + report.device() + ": "
                + String.join(", ", report.failed().stream().map(OpResult::op).toList()));
        err.flush();
        return ExitCode.CHECK_FAILED;
    }

    private Set<Workload> timed(boolean gpuLike) {
        String list = timings.trim().toLowerCase(Locale.ROOT);
        if (list.equals("none")) {
            return EnumSet.noneOf(Workload.class);
        }
        if (list.equals("auto")) {
            return gpuLike ? EnumSet.of(Workload.W1, Workload.W2, Workload.W3) : EnumSet.of(Workload.W1, Workload.W2);
        }
        Set<Workload> chosen = EnumSet.noneOf(Workload.class);
        for (String id : list.split(",")) {
            try {
                chosen.add(Workload.parse(id.trim()));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(command.commandLine(), "--timings: " + e.getMessage());
            }
        }
        return chosen;
    }

    private DeviceInfo deviceInfo(Backend backend) {
        for (DeviceInfo d : Devices.list().devices()) {
            boolean match = deviceIndex != null ? d.index() == deviceIndex : backend.name().equals("opencl:" + d.name());
            if (match) {
                return d;
            }
        }
        return null;
    }

    private boolean gpuLike(Backend backend) {
        DeviceInfo d = backend.name().startsWith("opencl:") ? deviceInfo(backend) : null;
        return d != null && d.isGpuLike();
    }

    /** The backend's name and, for an OpenCL device, what the driver says it is. */
    private String identity(Backend backend) {
        String name = backend.name();
        DeviceInfo d = name.startsWith("opencl:") ? deviceInfo(backend) : null;
        if (d == null) {
            return name;
        }
        return String.format(Locale.ROOT, "%s [%d] %s, %s (%s %s), %d compute units, %d MiB global memory, "
                        + "%d KiB local memory, max work-group %d", name, d.index(), d.type(), d.platformName(),
                        d.platformVendor(), d.platformVersion(), d.computeUnits(), d.globalMemoryBytes() >> 20,
                        d.localMemoryBytes() >> 10, d.maxWorkGroupSize());
    }

    private DeviceKind deviceKind() {
        return switch (device.toLowerCase(Locale.ROOT)) {
            case "java" -> DeviceKind.JAVA;
            case "auto" -> DeviceKind.AUTO;
            case "opencl" -> DeviceKind.OPENCL;
            case "gpu" -> DeviceKind.GPU;
            default -> throw new ParameterException(command.commandLine(),
                    "--device must be opencl, gpu, auto or java, got '" + device + "'");
        };
    }
}
