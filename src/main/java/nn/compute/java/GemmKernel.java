package nn.compute.java;

/**
 * One way of computing c = op(a)·op(b) on row-major arrays. Implementations split work only over
 * c's rows or columns, so each gives bitwise-identical results whatever the thread count (two
 * implementations need not agree with each other bit for bit).
 */
interface GemmKernel {

    /**
     * c (m×n) = op(a) (m×k) · op(b) (k×n); a is stored (m×k), or (k×m) when {@code transposeA};
     * b is stored (k×n), or (n×k) when {@code transposeB}.
     */
    void multiply(float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k);

    /**
     * Work on a finished block of c (an elementwise epilogue: bias + activation, activation'),
     * run by the thread that computed the block, right after it, while it is in cache: a layer's
     * product and its epilogue make one parallel region instead of two.
     */
    interface Epilogue {
        /** Rows [rowFrom, rowTo) × columns [colFrom, colTo) of c are final. */
        void apply(int rowFrom, int rowTo, int colFrom, int colTo);

        /** Whether each block must span whole rows of c (softmax); a product split otherwise is not fused. */
        boolean wholeRows();
    }

    /**
     * As {@link #multiply}, then {@code epilogue} over every block of c by the thread that
     * computed it. Returns false, having done nothing, where this kernel does not fuse (the caller
     * then runs the product and the epilogue's op one after the other); the default never fuses.
     */
    default boolean multiplyThen(float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m,
                                 int n, int k, Epilogue epilogue) {
        return false;
    }

    /** Short name for reports: {@code scalar}, or {@code vector-} and the vector width in bits. */
    String name();

    /**
     * The fastest kernel this JVM can run: a Vector API one when {@code jdk.incubator.vector} is in
     * the boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector}) and
     * {@code preferVector} holds, else the auto-vectorised scalar one. {@code vectorBits} 0 lets
     * {@code VectorKernels} choose the width (NN_VECTOR_BITS, the cache, a calibration); 128, 256
     * or 512 forces one.
     *
     * @throws nn.compute.DeviceUnavailableException when the width asked for is invalid or the CPU lacks it
     */
    static GemmKernel create(WorkerPool pool, boolean preferVector, int vectorBits) {
        if (preferVector && vectorApiAvailable()) {
            try {
                // Loaded by name so that this class never links against the incubator module.
                return (GemmKernel) Class.forName("nn.compute.java.VectorKernels")
                        .getDeclaredMethod("create", WorkerPool.class, int.class).invoke(null, pool, vectorBits);
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re; // a bad NN_VECTOR_BITS is the user's to fix, not a reason to run slower
                }
                return new Gemm(pool);
            } catch (ReflectiveOperationException | LinkageError e) {
                return new Gemm(pool);
            }
        }
        return new Gemm(pool);
    }

    /** Vector widths in bits this JVM and CPU run natively, narrowest first; empty without the Vector API. */
    static int[] vectorWidths() {
        if (!vectorApiAvailable()) {
            return new int[0];
        }
        try {
            return (int[]) Class.forName("nn.compute.java.VectorKernels").getDeclaredMethod("supported").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return new int[0];
        }
    }

    /** Whether the JVM resolved the Vector API module at start-up. */
    static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** Bits per vector of this kernel; 0 for the scalar one. */
    default int vectorBits() {
        return 0;
    }

    /** GFLOP/s of pure FMA chains on the pool's threads at this kernel's width; NaN for the scalar kernel. */
    default double fmaPeakGflops() {
        return Double.NaN;
    }
}
