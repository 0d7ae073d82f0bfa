package nn.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import nn.compute.DeviceInfo;
import nn.compute.DeviceScan;
import nn.compute.Devices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nn devices}: every OpenCL platform and device, and what {@code device: auto} would pick. */
@Command(name = "devices", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Lists the OpenCL platforms and devices (index, type, compute units, memory) and says which "
                + "device 'device: auto' would train on.",
        footer = {"", ExitCode.TABLE})
final class DevicesCommand implements Callable<Integer> {

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        DeviceScan scan = Devices.list();
        if (scan.devices().isEmpty()) {
            out.println("OpenCL: none — " + scan.problem() + ".");
            out.println("auto would pick: java (" + Devices.defaultThreads() + " threads); device: opencl and gpu would fail.");
            out.flush();
            return ExitCode.OK;
        }
        String platform = null;
        for (DeviceInfo d : scan.devices()) {
            String p = d.platformName() + " | " + d.platformVendor() + " | " + d.platformVersion();
            if (!p.equals(platform)) {
                out.println("platform: " + d.platformName() + " (vendor " + d.platformVendor() + ", " + d.platformVersion() + ")");
                platform = p;
            }
            out.printf(Locale.ROOT, "  [%d] %s%n", d.index(), d.name());
            out.printf(Locale.ROOT, "      type %s, %d compute units, global memory %s, max allocation %s, local memory %s, "
                    + "max work-group size %d%n", d.type(), d.computeUnits(), bytes(d.globalMemoryBytes()),
                    bytes(d.maxAllocationBytes()), bytes(d.localMemoryBytes()), d.maxWorkGroupSize());
        }
        out.println("fp64: not reported by Aparapi 3.0.2; the kernels use float only.");
        DeviceInfo auto = scan.autoChoice();
        out.println("auto would pick: " + (auto == null
                ? "java (" + Devices.defaultThreads() + " threads) — no OpenCL GPU found; device: opencl uses [0]"
                : "[" + auto.index() + "] opencl:" + auto.name()));
        out.flush();
        return ExitCode.OK;
    }

    private static String bytes(long n) {
        if (n >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30));
        }
        if (n >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
}
