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

    /** Short name for reports: {@code scalar} or {@code vector}. */
    String name();

    /**
     * The fastest kernel this JVM can run: the Vector API one when {@code jdk.incubator.vector}
     * is in the boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector})
     * and {@code preferVector} holds, else the auto-vectorised scalar one.
     */
    static GemmKernel create(WorkerPool pool, boolean preferVector) {
        if (preferVector && vectorApiAvailable()) {
            try {
                // Loaded by name so that this class never links against the incubator module.
                return (GemmKernel) Class.forName("nn.compute.java.VectorGemm")
                        .getDeclaredConstructor(WorkerPool.class).newInstance(pool);
            } catch (ReflectiveOperationException | LinkageError e) {
                return new Gemm(pool);
            }
        }
        return new Gemm(pool);
    }

    /** Whether the JVM resolved the Vector API module at start-up. */
    static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
