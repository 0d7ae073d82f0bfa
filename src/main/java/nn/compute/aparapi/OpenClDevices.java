package nn.compute.aparapi;

import com.aparapi.Config;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLLoader;
import com.aparapi.internal.opencl.OpenCLPlatform;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import nn.compute.DeviceInfo;
import nn.compute.DeviceScan;
import nn.compute.DeviceUnavailableException;

/**
 * The OpenCL platforms and devices Aparapi sees, as plain {@link DeviceInfo} records, and the
 * backend for one of them. Never throws for a missing OpenCL library or driver: the scan is empty
 * and says why.
 */
public final class OpenClDevices {
    /** The system property Aparapi reads its log level from; when the user sets it, we leave logging alone. */
    private static final String LOG_LEVEL_PROPERTY = "com.aparapi.logLevel";

    private OpenClDevices() {
    }

    /** Every device of every platform, in platform order. */
    public static DeviceScan scan() {
        try {
            quietAparapiLogging();
            if (!OpenCLLoader.isOpenCLAvailable()) {
                return new DeviceScan(List.of(), "the OpenCL library (libOpenCL) or Aparapi's native code could not be loaded");
            }
            List<DeviceInfo> result = new ArrayList<>();
            for (Found f : found()) {
                result.add(f.info());
            }
            return new DeviceScan(result, result.isEmpty() ? "no OpenCL platform reports a device (no driver installed?)" : null);
        } catch (LinkageError | RuntimeException e) {
            // A broken driver can throw from native code; the Java backend must stay usable.
            return new DeviceScan(List.of(), "OpenCL could not be queried: " + e);
        }
    }

    /**
     * Opens a backend on the device at {@code index} of {@link #scan()} and launches it once, so
     * a device that cannot run our kernel fails here, not in the middle of training.
     *
     * @throws DeviceUnavailableException when there is no such device or it cannot run the kernel
     */
    public static AparapiBackend open(int index) {
        quietAparapiLogging();
        List<Found> all = found();
        if (index < 0 || index >= all.size()) {
            throw new DeviceUnavailableException("there is no OpenCL device " + index + " (found " + all.size() + ")");
        }
        Found f = all.get(index);
        if (f.device().getMaxWorkGroupSize() < ArenaKernel.TILE * ArenaKernel.TILE) {
            throw new DeviceUnavailableException("OpenCL device '" + f.info().name() + "' allows work groups of "
                    + f.device().getMaxWorkGroupSize() + " items; the kernels need " + ArenaKernel.TILE * ArenaKernel.TILE);
        }
        AparapiBackend backend = new AparapiBackend(f.device());
        try {
            backend.launchEmpty();
        } catch (RuntimeException | LinkageError e) {
            backend.close();
            if (e instanceof DeviceUnavailableException d) {
                throw d;
            }
            throw new DeviceUnavailableException("OpenCL device '" + f.info().name() + "' cannot run the kernels: " + e);
        }
        return backend;
    }

    private record Found(DeviceInfo info, OpenCLDevice device) {
    }

    private static List<Found> found() {
        List<Found> result = new ArrayList<>();
        if (!OpenCLLoader.isOpenCLAvailable()) {
            return result;
        }
        for (OpenCLPlatform p : new OpenCLPlatform().getOpenCLPlatforms()) {
            for (OpenCLDevice d : p.getOpenCLDevices()) {
                result.add(new Found(new DeviceInfo(result.size(), clean(p.getName()), clean(p.getVendor()),
                        clean(p.getVersion()), clean(d.getName()), String.valueOf(d.getType()), d.getMaxComputeUnits(),
                        d.getGlobalMemSize(), d.getMaxMemAllocSize(), d.getLocalMemSize(), d.getMaxWorkGroupSize()), d));
            }
        }
        return result;
    }

    private static String clean(String s) {
        return s == null ? "" : s.trim();
    }

    /**
     * Aparapi logs a SEVERE line when no OpenCL library is installed, warnings with stack traces when
     * it falls back, and on start-up sets the root handlers to WARNING. We report device problems
     * ourselves in one line, so its logger goes quiet and the root handlers get their levels back.
     * Setting {@code -Dcom.aparapi.logLevel=...} keeps Aparapi's own logging for debugging.
     */
    private static void quietAparapiLogging() {
        if (System.getProperty(LOG_LEVEL_PROPERTY) != null) {
            return;
        }
        Handler[] handlers = Logger.getLogger("").getHandlers();
        Level[] levels = new Level[handlers.length];
        for (int i = 0; i < handlers.length; i++) {
            levels[i] = handlers[i].getLevel();
        }
        Logger aparapi = Logger.getLogger(Config.getLoggerName()); // initialises Config, which resets the levels
        aparapi.setLevel(Level.OFF);
        for (int i = 0; i < handlers.length; i++) {
            handlers[i].setLevel(levels[i]);
        }
    }
}
