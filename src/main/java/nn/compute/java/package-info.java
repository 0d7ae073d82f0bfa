/**
 * The multithreaded CPU backend: the fallback when no OpenCL device is usable, and the reference
 * the OpenCL kernels are compared with.
 */
package nn.compute.java;
