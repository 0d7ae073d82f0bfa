package nn.compute.aparapi;

import com.aparapi.Range;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.kernel.KernelManager;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import nn.compute.DeviceCounters;
import nn.compute.DeviceUnavailableException;

/**
 * The device memory of one {@link AparapiBackend} and every launch of its {@link ArenaKernel}:
 * allocation at offsets in the one arena array, growth, host writes and reads (directly while the
 * host copy is current, else through the staging array), the gather indices, the canary that
 * catches a stale device buffer, and launches pinned to the device with the silent fall-back to
 * Java threads turned into a {@link DeviceUnavailableException}. The backend's op methods only set
 * the kernel's fields and ask for a launch.
 */
final class Arena {
    /** Work-group size of one-dimensional ops. */
    static final int LOCAL = 64;
    private static final int TILE = ArenaKernel.TILE;
    /**
     * The arena never holds fewer floats than this: 16 MiB and more is a humongous object for every
     * default G1 region size, and G1 does not move humongous objects, so Aparapi keeps its device
     * buffer (see {@link ArenaKernel#CANARY} for what happens when an array moves).
     */
    static final int MIN_ARENA_FLOATS = (16 << 20) / Float.BYTES + 1024;

    private final ArenaKernel kernel = new ArenaKernel();
    private final OpenCLDevice device;
    private final String deviceName;

    /** Floats of the arena handed out so far; slot 0 is the canary. */
    private int used = 1;
    /** Whether the kernel has run, so the device holds buffers. */
    private boolean launched;
    /** Whether the host arena is newer than the device's (or the device has none): put before launching. */
    private boolean arenaDirty = true;
    /** Rows of {@code kernel.rowIndex} that hold the indices of the last gather, -1 when none. */
    private int indexedRows = -1;
    /** Counters of {@link #counters()}: launches, device-to-host reads, bytes either way. */
    private long launches;
    private long hostReads;
    private long bytesMoved;

    Arena(OpenCLDevice device) {
        this.device = device;
        this.deviceName = device.getName().trim();
        // Copy semantics even on a CPU device: a missing put or get shows up on PoCL as on a GPU.
        device.setSharedMemory(false);
        kernel.setExplicit(true);
        kernel.arena = new float[MIN_ARENA_FLOATS];
        // Preferences are kept per kernel class; one device per JVM process is what we support.
        KernelManager.instance().setPreferredDevices(kernel, new LinkedHashSet<>(List.of(device)));
    }

    /** Launches, device-to-host reads and bytes moved so far. */
    DeviceCounters counters() {
        return new DeviceCounters(launches, hostReads, bytesMoved);
    }

    private void put(float[] array) {
        kernel.put(array);
        bytesMoved += (long) array.length * Float.BYTES;
    }

    private void put(int[] array) {
        kernel.put(array);
        bytesMoved += (long) array.length * Integer.BYTES;
    }

    private void get(float[] array) {
        kernel.get(array);
        hostReads++;
        bytesMoved += (long) array.length * Float.BYTES;
    }

    /** The device's name as the driver reports it, trimmed. */
    String deviceName() {
        return deviceName;
    }

    /** The kernel whose fields the ops set before a launch. */
    ArenaKernel kernel() {
        return kernel;
    }

    /** Hands out {@code rows × cols} floats and returns their offset, growing the arena when needed. */
    int reserve(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
        }
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 16L - used) {
            throw new IllegalArgumentException("tensor " + rows + "x" + cols + " does not fit in the 2^31-float arena");
        }
        ensureArena(used + (int) size);
        int offset = used;
        used += (int) size;
        return offset;
    }

    /** Copies {@code size} floats of {@code src} to the arena at {@code offset}. */
    void write(int offset, int rows, int cols, float[] src) {
        int size = rows * cols;
        if (hostIsCurrent()) {
            System.arraycopy(src, 0, kernel.arena, offset, size);
            arenaDirty = true;
            return;
        }
        ensureStaging(size);
        System.arraycopy(src, 0, kernel.staging, 0, size);
        put(kernel.staging);
        set(ArenaKernel.OP_COPY_IN, rows, cols);
        kernel.offD = offset;
        launch1d(size, "write");
    }

    /** Copies {@code rows × cols} floats of the arena at {@code offset} into {@code dst}. */
    void read(int offset, int rows, int cols, float[] dst) {
        int size = rows * cols;
        if (hostIsCurrent()) {
            System.arraycopy(kernel.arena, offset, dst, 0, size);
            return;
        }
        ensureStaging(size);
        set(ArenaKernel.OP_COPY_OUT, rows, cols);
        kernel.offA = offset;
        launch1d(Math.max(size, 1), "read");
        get(kernel.staging);
        checkCanary(kernel.staging[size], "read");
        System.arraycopy(kernel.staging, 0, dst, 0, size);
    }

    /**
     * Puts {@code indices[offset .. offset + rows)} into the kernel's row indices, unless they equal
     * those of the previous gather (as for the Y gather after the X gather); each must lie in
     * 0..srcRows − 1.
     */
    void rowIndices(int[] indices, int offset, int rows, int srcRows) {
        if (indexedRows == rows && Arrays.equals(kernel.rowIndex, 0, rows, indices, offset, offset + rows)) {
            return;
        }
        for (int r = 0; r < rows; r++) {
            int index = indices[offset + r];
            if (index < 0 || index >= srcRows) {
                throw new IndexOutOfBoundsException("row index " + index + " outside 0.." + (srcRows - 1));
            }
        }
        if (kernel.rowIndex.length < rows) {
            kernel.rowIndex = new int[rows];
        }
        System.arraycopy(indices, offset, kernel.rowIndex, 0, rows);
        put(kernel.rowIndex);
        indexedRows = rows;
    }

    /** Sets the op and its shape. */
    void set(int op, int rows, int cols) {
        kernel.op = op;
        kernel.rows = rows;
        kernel.cols = cols;
    }

    /** Launches the op set up in the kernel over {@code workItems} (padded to the work-group size); none for 0. */
    void launch1d(int workItems, String what) {
        if (workItems > 0) {
            launch(Range.create(device, padded(workItems, LOCAL), LOCAL), what);
        }
    }

    /** Launches a TILE × TILE-grouped 2-D range covering {@code cols × rows} (the GEMM). */
    void launchTiled(int cols, int rows, String what) {
        launch(Range.create2D(device, padded(cols, TILE), padded(rows, TILE), TILE, TILE), what);
    }

    /**
     * Launches TILE × TILE groups, one per BLOCK × BLOCK tile of the {@code cols × rows} result (the
     * register-blocked GEMM).
     */
    void launchBlocked(int cols, int rows, String what) {
        int block = ArenaKernel.BLOCK;
        launch(Range.create2D(device, padded(cols, block) / ArenaKernel.REG, padded(rows, block) / ArenaKernel.REG,
                TILE, TILE), what);
    }

    /** Gives the kernel a new chunk table for the fused update and puts it on the device. */
    void putChunks(int[] table) {
        kernel.chunks = table;
        put(table);
    }

    /** Launches one group of {@link ArenaKernel#CHUNK_ITEMS} work items per chunk (the fused update). */
    void launchChunks(int chunks, String what) {
        if (chunks > 0) {
            launch(Range.create2D(device, ArenaKernel.CHUNK_ITEMS, chunks, ArenaKernel.CHUNK_ITEMS, 1), what);
        }
    }

    /** Gives the kernel a new parameter table for the fused update and puts it on the device. */
    void putSegments(int[] table) {
        kernel.segments = table;
        put(table);
    }

    /** Launches the kernel once with nothing to do: compiles it and proves it runs on the device. */
    void launchEmpty() {
        kernel.op = ArenaKernel.OP_EMPTY;
        launch(Range.create(device, LOCAL, LOCAL), "an empty launch");
    }

    /** Runs the op set up in the kernel, one work item per row, and sums its per-row results in row order. */
    double sumRowResults(String what) {
        int rows = kernel.rows;
        if (kernel.rowResult.length < rows + 1) {
            kernel.rowResult = new float[rows + 1];
        }
        launch1d(rows, what);
        get(kernel.rowResult);
        checkCanary(kernel.rowResult[rows], what);
        double total = 0;
        for (int r = 0; r < rows; r++) {
            total += kernel.rowResult[r];
        }
        return total;
    }

    /** Releases the device buffers. */
    void close() {
        // Disposing a kernel that never ran (only compiled) crashes the JVM in Aparapi 3.0.2.
        if (launched) {
            kernel.dispose();
            launched = false;
        }
    }

    private void launch(Range range, String what) {
        if (arenaDirty) {
            kernel.arena[ArenaKernel.CANARY] = 0f;
            put(kernel.arena);
            arenaDirty = false;
            int op = kernel.op;
            kernel.op = ArenaKernel.OP_MARK;
            execute(Range.create(device, LOCAL, LOCAL), "marking the arena");
            kernel.op = op;
        }
        execute(range, what);
    }

    private void execute(Range range, String what) {
        try {
            launches++;
            kernel.execute(range);
        } catch (RuntimeException | AssertionError e) {
            // Aparapi's fall-back path can end in an AssertionError when no other device is left.
            throw fellBack(what, e);
        } finally {
            launched = true;
        }
        // Aparapi falls back to Java threads without telling the caller; its preferences say so.
        if (!kernel.isRunningCL()
                || !KernelManager.instance().getPreferences(kernel).getFailedDevices().isEmpty()) {
            throw fellBack(what, null);
        }
    }

    private DeviceUnavailableException fellBack(String what, Throwable cause) {
        DeviceUnavailableException e = new DeviceUnavailableException("the OpenCL device '" + deviceName
                + "' failed while running " + what + " and Aparapi gave up on it; use device: java, or check the "
                + "OpenCL driver (-Dcom.aparapi.logLevel=WARNING shows Aparapi's reason)");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private void checkCanary(float deviceValue, String what) {
        if (deviceValue != 1f) {
            throw new DeviceUnavailableException("the OpenCL device's copy of the tensors was replaced by a stale host "
                    + "copy during " + what + " (Aparapi re-creates a buffer when the garbage collector moves its array); "
                    + "results would be wrong, so the run stops. Use device: java, or run with the G1 collector "
                    + "(-XX:+UseG1GC), which does not move the 16 MiB arena");
        }
    }

    /** Whether the host arena holds the newest values: before the first launch, or after a grow. */
    private boolean hostIsCurrent() {
        return !launched || arenaDirty;
    }

    private void ensureArena(int needed) {
        if (needed <= kernel.arena.length) {
            return;
        }
        if (!hostIsCurrent()) {
            get(kernel.arena);
        }
        int grown = (int) Math.min(Integer.MAX_VALUE - 8L,
                Math.max(needed, Math.max(MIN_ARENA_FLOATS, kernel.arena.length * 3L / 2)));
        kernel.arena = Arrays.copyOf(kernel.arena, grown);
        arenaDirty = true;
    }

    private void ensureStaging(int size) {
        // One more float for the canary that reads carry back.
        if (kernel.staging.length < size + 1) {
            kernel.staging = new float[size + 1];
        }
    }

    private static int padded(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }
}
