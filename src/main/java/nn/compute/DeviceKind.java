package nn.compute;

/** What the user asked to train on. */
public enum DeviceKind {
    /** An OpenCL GPU when one is usable, else the Java backend. */
    AUTO,
    /** The Java backend. */
    JAVA,
    /** Any OpenCL device, CPU ones included. */
    OPENCL,
    /** An OpenCL GPU, or an error. */
    GPU
}
