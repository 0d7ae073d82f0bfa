package nn.compute.aparapi;

/**
 * Which of the two GEMM kernels a product runs. The register-blocked kernel (a 4×4 tile of C per
 * work item, 64×64 per group) is shaped for GPUs, whose FP32 rate the 16×16 tiled kernel's one
 * local-memory load per multiply-add leaves mostly idle; it needs a device that takes
 * {@link ArenaKernel#GROUP} work items per group and {@link ArenaKernel#LOCAL_BYTES} of local
 * memory. The tiled kernel (one output per work item) stays for products under one 64×64 block
 * either way (W2's 10-unit output layer, W1), where most of a blocked group would compute padding.
 * On PoCL (2 vCPUs) the blocked kernel was 2.3–5× faster on W2's and W3's products and the tiled
 * one faster for 128×128×10 (docs/opencl-notes.md); no GPU was measured.
 *
 * @param mode what the plan picks
 * @param blockedFits whether the device's work-group and local-memory limits admit the blocked kernel
 */
record GemmPlan(Mode mode, boolean blockedFits) {

    /** How the plan picks. */
    enum Mode {
        /** Blocked on a device that fits it, for products of at least one block each way; else tiled. */
        AUTO,
        /** Always the 16×16 tiled kernel. */
        TILED,
        /** Always the blocked kernel (tests prove it on PoCL this way). */
        BLOCKED
    }

    /** The plan for a device with these limits. */
    static GemmPlan forDevice(long maxWorkGroupSize, long localMemoryBytes) {
        boolean fits = maxWorkGroupSize >= ArenaKernel.GROUP && localMemoryBytes >= ArenaKernel.LOCAL_BYTES;
        return new GemmPlan(Mode.AUTO, fits);
    }

    /** The same limits, picking by {@code newMode}. */
    GemmPlan withMode(Mode newMode) {
        return new GemmPlan(newMode, blockedFits);
    }

    /** Whether the m × n product runs on the blocked kernel. */
    boolean blocked(int m, int n) {
        if (!blockedFits || mode == Mode.TILED) {
            return false;
        }
        // Below one 64×64 block each way most of a blocked group's work items would compute padding.
        return mode == Mode.BLOCKED || (m >= ArenaKernel.BLOCK && n >= ArenaKernel.BLOCK);
    }
}
