package nn.run;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Function;
import nn.compute.Backend;
import nn.compute.BackendChoice;
import nn.compute.DeviceKind;
import nn.compute.DeviceRequest;
import nn.compute.DeviceUnavailableException;
import nn.compute.Devices;
import nn.train.DeviceFailedException;
import nn.train.RunControl;
import nn.train.TrainingResult;
import nn.train.TrainingState;

/**
 * What {@code nn train} does when its device fails mid-run: under {@code device: auto} it warns on
 * stderr and continues on the Java backend from the last completed epoch; under {@code gpu} or
 * {@code opencl} it saves that epoch as a checkpoint and fails with one line naming it. Either way
 * nothing trained so far is lost. Kept out of {@code TrainCommand}, which is long enough.
 */
public final class DeviceFaults {
    /**
     * {@link Devices#open(DeviceRequest)}'s shape: how {@code TrainCommand} opens its backend.
     * Fault tests hand the command one whose backend fails on purpose (see
     * {@code Main#run(String[], PrintStream, PrintStream, IFactory)}).
     */
    @FunctionalInterface
    public interface Opener {
        BackendChoice open(DeviceRequest request);
    }

    /** One training run on {@code backend} steered by {@code control}. */
    @FunctionalInterface
    public interface Fit {
        TrainingResult run(Backend backend, RunControl control);
    }

    /** A finished run and the name of the backend that finished it (Java after a fallback). */
    public record Outcome(TrainingResult result, String backendName) {
    }

    private DeviceFaults() {
    }

    /**
     * Runs {@code fit} on the chosen backend; when that backend fails, falls back or fails as
     * {@code requested} says. {@code save} writes a checkpoint and returns its directory.
     *
     * @throws DeviceUnavailableException under gpu/opencl, naming the saved checkpoint
     */
    public static Outcome fit(DeviceKind requested, BackendChoice choice, RunControl control, int threads,
                       Function<TrainingState, Path> save, PrintWriter err, Fit fit) {
        Backend backend = choice.backend();
        // A backend that cannot fail mid-run (the host's) is spared the per-epoch download of the state.
        boolean mayFail = choice.mayFailMidRun();
        try {
            return new Outcome(fit.run(backend, control.keepingLastEpoch(mayFail)), backend.name());
        } catch (DeviceFailedException e) {
            TrainingState last = e.lastState();
            String failure = "device " + backend.name() + " failed during training: " + oneLine(e.getMessage());
            if (requested != DeviceKind.AUTO) {
                throw new DeviceUnavailableException(failure + "; " + saved(last, save));
            }
            err.println("nn: warning: " + failure + "; continuing on the Java backend from "
                    + (last == null ? "the start" : where(last)));
            err.flush();
            try (Backend java = Devices.host(threads)) {
                return new Outcome(fit.run(java, control.resumingFrom(last).keepingLastEpoch(false)), java.name());
            }
        }
    }

    private static String saved(TrainingState last, Function<TrainingState, Path> save) {
        if (last == null) {
            return "it failed before training began, so there was nothing to save";
        }
        Path checkpoint = save.apply(last);
        return where(last) + " saved to " + checkpoint + " (continue with --resume, e.g. with --set device=java)";
    }

    private static String where(TrainingState state) {
        return "epoch " + state.epoch() + (state.batch() == 0 ? "" : ", batch " + state.batch());
    }

    private static String oneLine(String message) {
        return message == null ? "(no message)" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
