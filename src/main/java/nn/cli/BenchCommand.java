package nn.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nn.bench.BenchResult;
import nn.bench.Benchmark;
import nn.bench.Workload;
import nn.compute.Backend;
import nn.compute.BackendChoice;
import nn.compute.DeviceKind;
import nn.compute.DeviceRequest;
import nn.compute.Devices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nn bench}: times the workloads of PERFORMANCE.md on a device. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Times the yardstick workloads on synthetic data with fixed seeds:",
            "  w1  xor 2-3-1, batch 4, lr 0.1: one run = 10,000 epochs (3 warm-up runs, median of 5)",
            "  w2  784-256-128-10 softmax, batch 128, lr 0.01, 60,000 samples: one run = one epoch",
            "      of the 468 full batches (1 warm-up epoch, median of 3)",
            "  w3  4096-4096-4096-10 softmax, batch 256: one run = 20 SGD steps (2 warm-up steps, 1 run)",
            "  peak the FMA peak of this CPU with the vector width the products use (median of 3)",
            "W1 restarts from its fixed weights every run; each line reports the final loss.",
            "GFLOP/s counts 6 x parameters x samples, as the NumPy anchor does."},
        footer = {"", ExitCode.TABLE})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--workload", paramLabel = "W", defaultValue = "all", description = "w1, w2, w3, peak, a comma-separated list, or all (default: ${DEFAULT-VALUE}).")
    String workload;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "java", description = "java, auto, opencl (any OpenCL device) or gpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the Java backend (default: NN_THREADS, else all cores).")
    Integer threads;

    @Option(names = "--repeats", paramLabel = "N", description = "Timed runs per workload (default: 5 for w1 and w2, 3 for peak, 1 for w3).")
    Integer repeats;

    @Option(names = "--json", description = "Print one JSON object per workload per line.")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        List<Workload> workloads = workloads();
        DeviceKind kind = deviceKind();
        if (threads != null && (threads < 1 || threads > Limits.MAX_THREADS)) {
            throw new ParameterException(command.commandLine(), "--threads must be between 1 and " + Limits.MAX_THREADS
                    + ", got " + threads);
        }
        if (repeats != null && repeats < 1) {
            throw new ParameterException(command.commandLine(), "--repeats must be at least 1, got " + repeats);
        }
        int threadCount = threads != null ? threads : Devices.defaultThreads();
        PrintWriter out = command.commandLine().getOut();
        BackendChoice choice = Devices.open(DeviceRequest.of(kind, threadCount));
        try (Backend backend = choice.backend()) {
            if (!json) {
                out.println(choice.notice());
            }
            Benchmark benchmark = new Benchmark(backend, backend.name(), threadCount, System::nanoTime);
            for (Workload w : workloads) {
                BenchResult result = benchmark.run(w, repeats != null ? repeats : w.defaultRepeats());
                out.println(json ? result.toJson() : result.toText());
                out.flush();
            }
        }
        return ExitCode.OK;
    }

    private List<Workload> workloads() {
        if (workload.equalsIgnoreCase("all")) {
            return List.of(Workload.values());
        }
        List<Workload> chosen = new ArrayList<>();
        for (String id : workload.split(",")) {
            try {
                chosen.add(Workload.parse(id.trim()));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(command.commandLine(), e.getMessage());
            }
        }
        return chosen;
    }

    private DeviceKind deviceKind() {
        return switch (device.toLowerCase(Locale.ROOT)) {
            case "java" -> DeviceKind.JAVA;
            case "auto" -> DeviceKind.AUTO;
            case "opencl" -> DeviceKind.OPENCL;
            case "gpu" -> DeviceKind.GPU;
            default -> throw new ParameterException(command.commandLine(),
                    "--device must be java, auto, opencl or gpu, got '" + device + "'");
        };
    }
}
